"""Demo content for `python manage.py load_demo`.

The texts live in data modules, each written once in English, Finnish and Swedish:
`pages` (home, index, standard and enquiry pages), `themes`, `hosts`, `catalogue` (the
programmes and their itineraries) and `users`. `images` draws the pictures with Pillow and
`loader` puts everything into the database, idempotently.
"""
