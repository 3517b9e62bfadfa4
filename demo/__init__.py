"""The demo: `python manage.py load_demo` and the order in which it loads each app's part.

The top layer, like api: it may import every app and no app imports it. The catalogue
(programmes.demo) comes first, then each app's `demo` module, named in demo.loading.
"""
