"""StreamField blocks: one shared body block and the structured parts of reports."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

RICH_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "blockquote"]
INLINE_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Citaat")
    attribution = blocks.CharBlock(label="Wie", required=False)

    class Meta:
        icon = "openquote"
        label = "Citaat"
        template = "blocks/quote_block.html"


class KaderBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titel")
    body = blocks.RichTextBlock(label="Tekst", features=INLINE_FEATURES)

    class Meta:
        icon = "doc-full"
        label = "Kader"
        template = "blocks/kader_block.html"


class KennisBlock(blocks.StructBlock):
    """The closing summary of a theme article."""

    bekend = blocks.RichTextBlock(label="Wat is bekend?", features=INLINE_FEATURES)
    nieuw = blocks.RichTextBlock(label="Wat is nieuw?", features=INLINE_FEATURES)
    ermee = blocks.RichTextBlock(label="Wat kun je ermee?", features=INLINE_FEATURES)

    class Meta:
        icon = "list-ul"
        label = "Wat is bekend / nieuw / wat kun je ermee"
        template = "blocks/kennis_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label="Tussenkop", icon="title", template="blocks/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(
        label="Tekst", icon="pilcrow", features=RICH_FEATURES,
        template="blocks/paragraph_block.html",
    )
    quote = QuoteBlock()
    kader = KaderBlock()
    kennis = KennisBlock()
    # an image with the alt text of this use (imported pages keep their photos in place)
    afbeelding = ImageBlock(label="Afbeelding", icon="image",
                            template="blocks/afbeelding_block.html")
    # A link to an intervention where the text describes it (a handreiking's chapters);
    # shown only while that intervention is live and public.
    interventie = blocks.PageChooserBlock(
        label="Interventie", page_type="voorbeelden.InterventiePage", icon="link",
        template="blocks/interventie_block.html",
        help_text="De interventie die deze tekst beschrijft: bezoekers zien hier een link.",
    )

    class Meta:
        label = "Inhoud"


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titel")
    url = blocks.URLBlock(label="Adres")

    class Meta:
        icon = "link"
        label = "Link"
        template = "blocks/link_block.html"


class PitchBlock(blocks.StructBlock):
    speaker = blocks.CharBlock(label="Spreker")
    organisation = blocks.CharBlock(label="Organisatie", required=False)
    title = blocks.CharBlock(label="Titel", required=False)
    summary = blocks.RichTextBlock(label="Samenvatting", features=INLINE_FEATURES)

    class Meta:
        icon = "user"
        label = "Pitch"
        template = "blocks/pitch_block.html"


class ErvaringBlock(blocks.StructBlock):
    participant = blocks.CharBlock(label="Deelnemer", required=False)
    text = blocks.RichTextBlock(label="Ervaring", features=INLINE_FEATURES)
    interventie = blocks.PageChooserBlock(
        label="Interventie", page_type="voorbeelden.InterventiePage", required=False
    )

    class Meta:
        icon = "comment"
        label = "Praktijkervaring"
        template = "blocks/ervaring_block.html"


class InzichtBlock(blocks.StructBlock):
    participant = blocks.CharBlock(label="Deelnemer")
    quote = blocks.TextBlock(label="Inzicht")

    class Meta:
        icon = "openquote"
        label = "Inzicht"
        template = "blocks/inzicht_block.html"


class ProgrammaBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Onderdeel")
    speakers = blocks.CharBlock(label="Sprekers", required=False)
    text = blocks.RichTextBlock(label="Tekst", features=RICH_FEATURES)

    class Meta:
        icon = "list-ol"
        label = "Programmaonderdeel"
        template = "blocks/programma_block.html"


class HoofdstukBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titel")
    body = BodyBlock(label="Inhoud")

    class Meta:
        icon = "doc-full-inverse"
        label = "Hoofdstuk"
        template = "blocks/hoofdstuk_block.html"
