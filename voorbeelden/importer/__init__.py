"""Importing Sociaal Werk Nederland material (saved pages, exports, text) as draft pages.

Modules, in the order a document passes through them: ``sources`` (files, folders, zips,
charset), ``reading`` (in a worker process for a larger batch, ahead of the writing),
``htmldoc`` / ``plaintext`` / ``exports`` (finding the content; ``titles`` says which heading
or line names it), ``extract`` (title, date, kind, entities, themes; ``sections`` splits a
practice example into its parts), ``duplicates``, ``pages`` (writing), ``runner``
(transactions and the report) and ``report``.
"""
