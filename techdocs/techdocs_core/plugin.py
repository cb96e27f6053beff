"""The ``techdocs-core`` mkdocs plugin, rebuilt on what Debian ships.

The TechDocs backend appends ``techdocs-core`` to every mkdocs.yml it builds.
The upstream package (mkdocs-techdocs-core) is only on PyPI, so this plugin
gives the reader the same things from Debian's mkdocs, mkdocs-material and
python3-pymdownx:

* ``techdocs_metadata.json`` with ``site_name`` and ``site_description`` (the
  reader's header title and subtitle come from it);
* the material theme, without Google Fonts (the portal runs offline);
* the markdown extensions authors expect (admonitions, tabs, highlighting,
  task lists, ...);
* the ``search`` plugin, whose index the TechDocs search collator reads.
"""

import logging
import os
import tempfile

from mkdocs.config import config_options
from mkdocs.contrib.search import SearchPlugin
from mkdocs.plugins import BasePlugin
from mkdocs.theme import Theme

log = logging.getLogger("mkdocs.plugins.techdocs-core")

THEME = "material"
METADATA_FILE = "techdocs_metadata.json"
# Rendered by mkdocs as a static template; the TechDocs backend then adds the
# build timestamp and file list to the same file.
METADATA_TEMPLATE = (
    '{{ {"site_name": (config.site_name or "") | string, '
    '"site_description": (config.site_description or "") | string} | tojson }}'
)

# (extension, its configuration). Only extensions that load nothing from the
# network or from outside the docs directory: no emoji (CDN images), no
# snippets (reads files), no plantuml/graphviz (not installed).
EXTENSIONS = [
    ("abbr", None),
    ("admonition", None),
    ("attr_list", None),
    ("def_list", None),
    ("footnotes", None),
    ("md_in_html", None),
    ("tables", None),
    ("toc", {"permalink": True}),
    ("pymdownx.betterem", {"smart_enable": "all"}),
    ("pymdownx.caret", None),
    ("pymdownx.critic", None),
    ("pymdownx.details", None),
    ("pymdownx.highlight", {"linenums": False, "use_pygments": True}),
    ("pymdownx.inlinehilite", None),
    ("pymdownx.magiclink", None),
    ("pymdownx.mark", None),
    ("pymdownx.smartsymbols", None),
    ("pymdownx.superfences", None),
    ("pymdownx.tabbed", {"alternate_style": True}),
    ("pymdownx.tasklist", {"custom_checkbox": True}),
    ("pymdownx.tilde", None),
]


class TechDocsCore(BasePlugin):
    # Accepted for compatibility with mkdocs.yml files written for upstream.
    config_scheme = (
        ("use_material_search", config_options.Type(bool, default=False)),
        ("use_pymdownx_blocks", config_options.Type(bool, default=False)),
    )

    def __init__(self):
        # Removed when the build process exits.
        self._theme_dir = tempfile.TemporaryDirectory(prefix="techdocs-core-")

    def on_config(self, config):
        with open(
            os.path.join(self._theme_dir.name, METADATA_FILE), "w", encoding="utf-8"
        ) as fp:
            fp.write(METADATA_TEMPLATE)

        self._use_material_theme(config)
        self._add_search(config)
        self._add_extensions(config)
        return config

    def _use_material_theme(self, config):
        theme = config["theme"]
        if theme.name != THEME:
            log.info("techdocs-core: replacing theme '%s' with '%s'", theme.name, THEME)
            theme = Theme(name=THEME)
            config["theme"] = theme
        # The portal must work without internet access: system fonts only
        # (material otherwise loads its fonts from Google Fonts).
        theme["font"] = False
        features = list(theme["features"] or []) if "features" in theme else []
        for feature in ("navigation.footer", "content.action.edit"):
            if feature not in features:
                features.append(feature)
        theme["features"] = features
        # The reader applies the portal's own palette.
        theme["palette"] = {}
        theme.static_templates.add(METADATA_FILE)
        theme.dirs.append(self._theme_dir.name)

    def _add_search(self, config):
        plugins = config["plugins"]
        if "techdocs-core" in plugins:
            del plugins["techdocs-core"]
        if "search" not in plugins and "material/search" not in plugins:
            search = SearchPlugin()
            search.load_config({})
            plugins["search"] = search

    def _add_extensions(self, config):
        extensions = config["markdown_extensions"]
        mdx_configs = config["mdx_configs"]
        for name, options in EXTENSIONS:
            if name in extensions:
                continue
            extensions.append(name)
            if options is not None and name not in mdx_configs:
                mdx_configs[name] = dict(options)
