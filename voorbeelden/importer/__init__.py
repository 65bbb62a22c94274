"""Importing Sociaal Werk Nederland material (saved pages, exports, text) as draft pages.

Modules, in the order a document passes through them: ``sources`` (files, folders, zips,
charset), ``htmldoc`` / ``plaintext`` / ``exports`` (finding the content), ``extract``
(title, date, kind, entities, themes), ``duplicates``, ``pages`` (writing), ``runner``
(transactions and the report) and ``report``.
"""
