"""The web shell: Starlette application, authentication, layout, settings and addon routes.

Pages live in small route modules (`core.web.routes.<area>`); each exposes `routes` and,
optionally, `menu(ctx)`. A page handler is an `async def (request, ctx)` wrapped by
`core.web.pages.page`, which logs the user in, checks the role and opens the tenant context.
"""

from starlette.convertors import register_url_convertor

from core.web.ids import IdConvertor

register_url_convertor("int", IdConvertor())
