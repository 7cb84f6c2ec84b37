"""Order flow use cases: capture, the pipeline (map → route → allocate), exceptions, state moves."""
