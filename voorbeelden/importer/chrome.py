"""What counts as page chrome on sector sites: navigation, banners, member notices."""

import re

# Whole lines (plain text) or whole short elements (HTML) that are never content.
CHROME_LINES = re.compile(
    r"^(?:uw account is nog niet geactiveerd\.?|terug naar (?:het )?overzicht|"
    r"lid worden\s*contact|lid worden|word lid|contact|inloggen|log in|uitloggen|mijn account|"
    r"deel (?:dit|deze) (?:artikel|pagina|bericht)|delen(?: via)?:?|deel op \w+|share|"
    r"print(?: deze pagina)?|lees voor|naar boven|skip to content|ga naar (?:de )?inhoud|"
    r"home|menu|zoeken|sluiten|accepteren|alle cookies accepteren|cookie-?instellingen|"
    r"nieuwsbrief|aanmelden nieuwsbrief|volg ons|\d+ minuten? lezen|"
    r"(?:facebook|twitter|linkedin|whatsapp|e-?mail|x)(?:\s*[|/]\s*\w+)*|"
    r"dit is alleen zichtbaar voor leden\.?|alleen voor leden\.?|"
    r"log in om (?:dit|deze) .* te (?:lezen|bekijken)\.?|"
    r"[\w-]*(?:image|img|foto|dsc)[\w-]*\s+impressie|"
    # breadcrumbs: "Home > Actueel > Nieuws", "U bent hier: Home › Nieuws › ..."
    r"(?:u bent hier\s*:?\s*)?(?:home|start|voorpagina)\s*(?:[>›»/|][^>›»/|]+)+)$",
    re.IGNORECASE,
)
CHROME_PHRASES = re.compile(
    r"uw account is nog niet geactiveerd|wij gebruiken cookies|deze website gebruikt cookies|"
    r"we gebruiken cookies|cookies? accepteren|lid worden\s*contact|alleen zichtbaar voor leden|"
    r"log in om (?:dit|deze)",
    re.IGNORECASE,
)
# Where the content ends and the site's closing promotion begins (plain text).
FOOTER_START = re.compile(
    r"^(?:de voordelen van (?:verdiwel|het lidmaatschap)|waarom lid worden\??|"
    r"lid wordencontact|word ook lid|over sociaal werk nederland)$",
    re.IGNORECASE,
)
# HTML elements dropped by tag, role or class/id.
CHROME_TAGS = ["script", "style", "noscript", "template", "iframe", "object", "embed", "form",
               "svg", "canvas", "nav", "footer", "aside", "button", "input", "select",
               "textarea", "label", "dialog", "link", "meta"]
CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog",
                "alertdialog", "menu", "menubar"}
CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:cookie\w*|consent|gdpr|banner|share|sharing|social|deel|delen|breadcrumbs?|"
    r"kruimelpad|menu|navbar|nav|navigation|sidebar|zijbalk|newsletter|nieuwsbrief|footer|"
    r"header|site-header|masthead|skip|skiplink|login|inloggen|account|member|leden|"
    r"lidmaatschap|lid-worden|word-lid|related|gerelateerd|pagination|paginering|popup|"
    r"modal|toolbar|print|tags|cta|advert|promo|notice|melding|alert)(?:$|[\s_-])",
    re.IGNORECASE,
)


def is_chrome_line(line):
    return bool(CHROME_LINES.match(line.strip()))


def is_footer_start(line):
    return bool(FOOTER_START.match(line.strip()))
