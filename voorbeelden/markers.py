"""Where an image stood in an imported body: a marker paragraph, until the page is built.

The importer writes the markers and the page writer turns them into Wagtail's image embeds,
so they live beside the writer, below the importer."""

import re

MARKER = "\u27e6afbeelding {}\u27e7"  # ⟦afbeelding 3⟧: image 3 of the document
MARKER_RE = re.compile("\u27e6afbeelding (\\d+)\u27e7")
MARKER_BLOCK_RE = re.compile(r"<p>\s*\u27e6afbeelding (\d+)\u27e7\s*</p>"
                             r"|\u27e6afbeelding (\d+)\u27e7")


def strip_markers(text):
    return MARKER_RE.sub("", text)


def strip_marker_blocks(html):
    """The HTML without image markers, for fields that cannot hold an image."""
    return MARKER_BLOCK_RE.sub("", html)
