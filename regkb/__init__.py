"""政务信息化项目法规知识库 core: load, validate, model, compare, decide and graph regulations.

This package never imports MkDocs; the site's macros are a thin layer over it.
"""
