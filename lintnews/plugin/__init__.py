"""The plugin API: ``Rule`` and its options, the diagnostics and fixes a rule yields,
and the site facts a rule may read. Built-in rules and plugins import from here.
"""
