"""Configuration and the Hugo site model: the config file and its validation, Hugo's own
configuration and front-matter keys, and which files of a site a run checks.
"""
