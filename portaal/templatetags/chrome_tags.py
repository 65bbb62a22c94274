"""``{% kept_chrome %}``: parts of the site's header and footer, kept per cache generation.

The header and footer are the same for every anonymous visitor of a site, except for what
a tag names (the section the visitor is in); rendering them cost about a millisecond of
every page that is not in the page cache, search pages above all. A signed-in visitor's
chrome shows their name and a form with their CSRF token, so it is rendered anew, as is a
preview's.
"""

import hashlib

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portaal.cache import generation_cached

register = template.Library()


class KeptChromeNode(template.Node):
    def __init__(self, nodelist, name, varies, source_digest):
        self.nodelist, self.name, self.varies = nodelist, name, varies
        self.source_digest = source_digest

    def render(self, context):
        request = context.get("request")
        user = getattr(request, "user", None)
        if user is None or user.is_authenticated or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        parts = (self.name, self.source_digest, request.get_host(), get_language(),
                 *(vary.resolve(context) for vary in self.varies))
        return mark_safe(generation_cached("chrome", parts, lambda: self.nodelist.render(context),
                                           in_process=True))


@register.tag
def kept_chrome(parser, token):
    """``{% kept_chrome "name" value ... %}...{% endkept_chrome %}``: the enclosed markup,
    kept per cache generation, site host, language, template source and the values named
    (what else it shows must be the same for every anonymous visitor)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name and the values it varies by")
    nodelist = parser.parse(("endkept_chrome",))
    parser.delete_first_token()
    # A deploy that changes the template must not show the chrome kept before it.
    source = parser.origin.loader.get_contents(parser.origin) if parser.origin.loader else ""
    digest = hashlib.sha1(source.encode()).hexdigest()[:12]
    return KeptChromeNode(nodelist, bits[1], [parser.compile_filter(b) for b in bits[2:]],
                          digest)
