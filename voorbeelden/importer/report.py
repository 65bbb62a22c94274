"""The import report: one line per document, in Dutch, and totals."""

from dataclasses import dataclass, field

STATUS_LABELS = {
    "created": "aangemaakt",
    "updated": "bijgewerkt (nieuwe revisie)",
    "unchanged": "ongewijzigd",
    "duplicate": "dubbel, niet geïmporteerd",
    "failed": "mislukt",
}
DRY_RUN_LABELS = {"created": "zou worden aangemaakt", "updated": "zou worden bijgewerkt"}


@dataclass
class Entry:
    name: str
    status: str
    title: str = ""
    kind: str = ""
    reason: str = ""
    page_id: int | None = None
    url: str = ""
    themes: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    proposed_organisations: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass
class ImportReport:
    dry_run: bool = False
    entries: list = field(default_factory=list)

    def add(self, entry):
        self.entries.append(entry)
        return entry

    def by_status(self, status):
        return [e for e in self.entries if e.status == status]

    @property
    def failed(self):
        return self.by_status("failed")

    def counts(self):
        return {status: len(self.by_status(status)) for status in STATUS_LABELS}

    def label_entries(self):
        for entry in self.entries:
            entry.status_label = self.label(entry)

    def label(self, entry):
        if self.dry_run and entry.status in DRY_RUN_LABELS:
            return DRY_RUN_LABELS[entry.status]
        return STATUS_LABELS[entry.status]

    def proposed_organisations(self):
        names = {}
        for entry in self.entries:
            for name in entry.proposed_organisations:
                names.setdefault(name, []).append(entry.name)
        return names

    def lines(self):
        """The report as text lines (the command prints them; the admin shows them)."""
        out = ["Importverslag" + (" (proefdraai: er is niets opgeslagen)" if self.dry_run else "")]
        for entry in self.entries:
            line = f"- {entry.name}: {self.label(entry)}"
            if entry.title:
                line += f" — {entry.kind or '?'}: “{entry.title}”"
            if entry.reason:
                line += f" — {entry.reason}"
            out.append(line)
            if entry.themes:
                out.append(f"    thema's: {', '.join(entry.themes)}")
            if entry.organisations:
                out.append(f"    organisaties: {', '.join(entry.organisations)}")
            for note in entry.notes:
                out.append(f"    let op: {note}")
        proposed = self.proposed_organisations()
        if proposed:
            out.append("Voorgestelde nieuwe organisaties (niet aangemaakt; voeg ze toe onder "
                       "Taxonomie > Organisaties en importeer opnieuw):")
            out += [f"- {name} (in {', '.join(sorted(set(files)))})"
                    for name, files in sorted(proposed.items())]
        counts = self.counts()
        out.append(
            "Totaal: " + ", ".join(f"{counts[s]} {STATUS_LABELS[s].split(' (')[0].split(',')[0]}"
                                   for s in STATUS_LABELS)
        )
        return out
