/* madoguchi: lets the status page show notifications on phones (Android needs a service worker). */
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].url.indexOf("/t/") !== -1 && "focus" in list[i]) { return list[i].focus(); }
    }
    return undefined;
  }));
});
