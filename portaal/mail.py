"""What every e-mail the portal sends shares, whichever app sends it."""

from django.utils.text import Truncator


def subject_line(text, max_length=None):
    """``text`` as one header line, whitespace runs collapsed to single spaces.

    Subjects are built from what users typed (titles, names). Django refuses a header with
    a line break (BadHeaderError), so one newline would make every send and resend of that
    mail fail; flattening keeps the words and drops only the break.
    """
    line = " ".join(str(text).split())
    return Truncator(line).chars(max_length) if max_length else line
