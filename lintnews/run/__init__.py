"""Running a check: the engine that runs the rules on one document, the runner over a
run's files, the result cache and warm runs, fixes and baselines.
"""
