# Sphinx configuration of the collection's HTML documentation (`make docs`), made from what
# `antsibull-docs sphinx-init` writes. antsibull-docs turns the plugins' documentation into RST
# pages; Sphinx renders them, with every warning an error.

from docutils import nodes

project = "intune.graph"
copyright = "contributors to the intune.graph collection"
title = html_short_title = "intune.graph"

extensions = ["sphinx_antsibull_ext"]
pygments_style = "ansible"
highlight_language = "YAML+Jinja"
html_theme = "sphinx_ansible_theme"
html_show_sphinx = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False
html_theme_options = {"display_version": False}
default_role = "any"
nitpicky = True

# The build runs offline, without intersphinx: the few labels of the Ansible documentation that
# the generated pages refer to are resolved here. Any other unresolved reference stays a warning.
ANSIBLE_DOCS = "https://docs.ansible.com/projects/ansible/latest/"
ANSIBLE_LABELS = {
    "ansible_configuration_settings": "reference_appendices/config.html",
    "common_return_values": "reference_appendices/common_return_values.html",
}


def resolve_ansible_label(app, env, node, contnode):
    page = ANSIBLE_LABELS.get(node.get("reftarget"))
    if node.get("reftype") != "ref" or page is None:
        return None
    reference = nodes.reference("", "", internal=False, refuri=ANSIBLE_DOCS + page)
    reference += contnode
    return reference


def setup(app):
    app.connect("missing-reference", resolve_ansible_label)
