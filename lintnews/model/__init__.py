"""The document model: a file's text read as Markdown and front matter (YAML 1.2, TOML,
JSON) with the source position of everything in it, its images and suppression
comments, put together as the ``Document`` a rule reads.
"""
