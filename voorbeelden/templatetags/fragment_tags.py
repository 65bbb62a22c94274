"""``{% cards items %}``, ``{% filter_form %}`` and ``{% page_fragment name %}``: cached
fragments of overviews and content pages (voorbeelden/overzichten/fragments.py);
``groups|chosen_count`` for the filter form's toggle and ``{% filter_options group %}`` for
its checkboxes; ``{% thema_tags themas %}`` for a page's themes."""

from django import template

from voorbeelden.overzichten.facets import chosen_count
from voorbeelden.overzichten.fragments import (
    render_cards,
    render_filter_form,
    render_filter_options,
    render_page_fragment,
    render_thema_tags,
)

register = template.Library()
register.filter("chosen_count", chosen_count)


@register.simple_tag(takes_context=True)
def cards(context, items):
    return render_cards(context, items)


@register.simple_tag(takes_context=True)
def filter_form(context):
    return render_filter_form(context)


@register.simple_tag
def filter_options(group):
    return render_filter_options(group)


@register.simple_tag
def thema_tags(themas, compact=False):
    return render_thema_tags(themas, compact)


class PageFragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        return render_page_fragment(context, self.nodelist, self.name.resolve(context))


@register.tag
def page_fragment(parser, token):
    """``{% page_fragment "name" %}...{% endpage_fragment %}``: a part of a content page that
    depends on nothing but the page and its links (not on the visitor), kept per cache
    generation."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the fragment's name")
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    return PageFragmentNode(nodelist, parser.compile_filter(bits[1]))
