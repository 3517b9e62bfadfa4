"""Keep the search index in step with what a published programme page shows."""

from wagtail.search.index import insert_or_update_object


def reindex_published_programme(sender, instance, **kwargs) -> None:
    # The search backend indexes a page on post_save, which a ClusterableModel sends before
    # it writes its parental many-to-many fields: a programme's themes would be indexed
    # one publish late. page_published comes after the whole save, so index it again.
    insert_or_update_object(instance)
