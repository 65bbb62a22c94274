"""Editors' synonym changes reach the engine's search analyzer at once (no rebuild), and
their promotions the search page (kept per cache generation); visitors' searches are
counted in batches, written after a response (zoeken/querylog.py)."""

import logging

from django.core.signals import request_finished
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.contrib.search_promotions.models import SearchPromotion

from portaal.cache import on_model_changed
from portaal.models import Thema
from zoeken.database import forget_analysis
from zoeken.models import Synoniem
from zoeken.querylog import flush_if_due
from zoeken.synonyms import push_synonyms

logger = logging.getLogger(__name__)


def _push_after_commit(**kwargs):
    forget_analysis()

    def push():
        try:
            push_synonyms()
        except Exception:  # noqa: BLE001 - saving a synonym must not fail on the engine
            logger.exception("Synoniemen konden niet naar de zoekmachine; update_index "
                             "neemt ze mee bij de volgende herbouw")

    transaction.on_commit(push)


def connect():
    for model in (Synoniem, Thema):
        post_save.connect(_push_after_commit, sender=model, dispatch_uid=f"zoeken-{model}-save")
        post_delete.connect(_push_after_commit, sender=model,
                            dispatch_uid=f"zoeken-{model}-delete")
    post_save.connect(on_model_changed, sender=SearchPromotion,
                      dispatch_uid="zoeken-promotion-save")
    post_delete.connect(on_model_changed, sender=SearchPromotion,
                        dispatch_uid="zoeken-promotion-delete")
    request_finished.connect(flush_if_due, dispatch_uid="zoeken-search-log")
