"""The HTML pages of ``madoguchi web``, one router per area: the office page, the ticket status page, web
tickets and the e-mail one-time code. :func:`shared.web.pages.build_pages` puts them together."""
