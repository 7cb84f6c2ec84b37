"""Background workers (procrastinate): the job queue app and its tasks."""
