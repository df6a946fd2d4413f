"""Which tap goes where: the screens' signals connected to the controller and to navigation."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.window import KioskWindow


def wire(w: KioskWindow) -> None:
    c = w.controller
    w.home.service_chosen.connect(c.request_service)
    w.home.certificates_chosen.connect(lambda: (w.certificates.reset(), w.show_screen("certificates")))
    w.home.lifeevents_chosen.connect(lambda: (w.lifeevents.reset(), w.show_screen("lifeevents")))
    w.home.help_chosen.connect(lambda: (w.assistance.set_flags(w.flags), w.show_screen("assistance")))
    w.home.checkin_chosen.connect(lambda: (w.checkin.reset(), w.show_screen("checkin")))
    w.home.staff_chosen.connect(lambda: (w.staff.start(), w.show_screen("staff")))
    w.certificates.back.connect(w.go_home)
    w.certificates.issue.connect(c.request_certificates)
    w.lifeevents.back.connect(w.go_home)
    w.lifeevents.issue.connect(c.issue_bundle)
    w.assistance.done.connect(w.help_done)
    w.ticket.finished.connect(w.go_home)
    w.alternative.take.connect(c.take_alternative)
    w.alternative.counter.connect(c.choose_counter)
    w.alternative.finished.connect(lambda: (w.forget(), w.go_home()))
    w.checkin.back.connect(w.go_home)
    w.checkin.submitted.connect(c.check_in)
    w.staff.leave.connect(w.go_home)
    w.staff.unlocked.connect(w.update_staff_info)
    w.staff.reprint.connect(c.reprint)
    w.staff.cancel.connect(c.cancel)
    w.staff.issuing.connect(c.set_issuing)
    w.staff.test_page.connect(c.test_page)
    w.staff.quit_app.connect(w.quit_requested.emit)
