"""The MkDocs side of regkb: the plugin that owns a build (:mod:`.plugin`) and the late insertion of
generated HTML after Markdown (:mod:`.late`). The core (``regkb``) never imports MkDocs."""
