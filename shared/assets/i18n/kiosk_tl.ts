<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fil_PH" sourcelanguage="en_US">
<context>
    <name>AlternativeScreen</name>
    <message>
        <source>Printing the guide …</source>
        <translation>Pini-print ang gabay…</translation>
    </message>
    <message>
        <source>Please take the printed guide from the slot below.</source>
        <translation>Pakikuha ang naka-print na gabay sa ibaba.</translation>
    </message>
    <message>
        <source>Sorry, the guide could not be printed. Please scan the QR code or take a photo.</source>
        <translation>Paumanhin, hindi na-print ang gabay. I-scan ang QR code o kumuha ng litrato.</translation>
    </message>
    <message>
        <source>Please scan the QR code or take a photo of this screen.</source>
        <translation>I-scan ang QR code o kunan ng litrato ang screen na ito.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Tapos na</translation>
    </message>
</context>
<context>
    <name>AssistanceScreen</name>
    <message>
        <source>I use a wheelchair</source>
        <translation>Gumagamit ako ng wheelchair</translation>
    </message>
    <message>
        <source>I cannot hear the call well (staff will come to you)</source>
        <translation>Hindi ko marinig nang maayos ang tawag (pupuntahan ka ng staff)</translation>
    </message>
    <message>
        <source>I cannot see well</source>
        <translation>Hindi ako makakita nang maayos</translation>
    </message>
    <message>
        <source>I am pregnant</source>
        <translation>Ako ay buntis</translation>
    </message>
    <message>
        <source>I am with a baby or small child</source>
        <translation>May kasama akong sanggol o maliit na bata</translation>
    </message>
    <message>
        <source>I need an interpreter</source>
        <translation>Kailangan ko ng interpreter</translation>
    </message>
    <message>
        <source>Do you need help?</source>
        <translation>Kailangan mo ba ng tulong?</translation>
    </message>
    <message>
        <source>Choose all that apply, then press OK.</source>
        <translation>Piliin lahat ng naaangkop, pagkatapos pindutin ang OK.</translation>
    </message>
    <message>
        <source>Only the staff at the counter see this. It is not printed or shown in the hall.</source>
        <translation>Ang staff lang sa counter ang makakakita nito. Hindi ito ipi-print o ipapakita sa hall.</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>napili</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>Alisin lahat</translation>
    </message>
</context>
<context>
    <name>CertificatesScreen</name>
    <message>
        <source>One copy less: %1, now %2</source>
        <translation>Bawasan ng isang kopya: %1, ngayon %2</translation>
    </message>
    <message>
        <source>One copy more: %1, now %2</source>
        <translation>Dagdagan ng isang kopya: %1, ngayon %2</translation>
    </message>
    <message>
        <source>Chosen: %1, %2</source>
        <translation>Napili: %1, %2</translation>
    </message>
    <message>
        <source>Nothing chosen yet</source>
        <translation>Wala pang napili</translation>
    </message>
    <message>
        <source>Press + to add copies</source>
        <translation>Pindutin ang + para magdagdag ng kopya</translation>
    </message>
    <message>
        <source>Which certificates do you need?</source>
        <translation>Anong mga sertipiko ang kailangan mo?</translation>
    </message>
    <message>
        <source>Press + for each copy you need. You will not fill in a form: the counter sees your choice.</source>
        <translation>Pindutin ang + para sa bawat kopyang kailangan. Hindi mo na kailangang sumulat sa form: makikita ng counter ang iyong pinili.</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← Bumalik</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>Kunin ang tiket</translation>
    </message>
</context>
<context>
    <name>CheckinScreen</name>
    <message>
        <source>Got a ticket online or a booking?</source>
        <translation>May online ticket o booking?</translation>
    </message>
    <message>
        <source>Hold the QR code on your phone to the reader, or type your ticket number (for example W012) or your 8-digit booking number.</source>
        <translation>Itapat ang QR code sa iyong phone sa reader, o i-type ang numero ng ticket (halimbawa W012) o ang 8-digit na booking number.</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>Numero ng tiket</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Burahin ang isa</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Burahin</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← Bumalik</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Mag-check in</translation>
    </message>
</context>
<context>
    <name>ClosedScreen</name>
    <message>
        <source>Sorry, we are closed now</source>
        <translation>Paumanhin, sarado na kami ngayon</translation>
    </message>
    <message>
        <source>Tickets from: %1</source>
        <translation>Bukas ulit: %1</translation>
    </message>
    <message>
        <source>Please check the opening days on the ward office website.</source>
        <translation>Tingnan ang mga araw na bukas sa website ng ward office.</translation>
    </message>
    <message>
        <source>Weekdays %1–%2</source>
        <translation>Lunes–Biyernes %1–%2</translation>
    </message>
    <message>
        <source>Saturdays (week %3 of the month) %1–%2</source>
        <translation>Sabado (ika-%3 linggo ng buwan) %1–%2</translation>
    </message>
    <message>
        <source>Closed on Sundays and public holidays</source>
        <translation>Sarado tuwing Linggo at pista opisyal</translation>
    </message>
    <message>
        <source>Closed for the New Year: 29 Dec – 3 Jan</source>
        <translation>Sarado sa Bagong Taon: Dis 29 – Ene 3</translation>
    </message>
    <message>
        <source>You can check waiting times on your phone: %1</source>
        <translation>Makikita ang paghihintay sa iyong phone: %1</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Not sure? Information desk</source>
        <translation>Hindi sigurado? Information desk</translation>
    </message>
    <message>
        <source>We will tell you where to go</source>
        <translation>Sasabihin namin kung saan ka pupunta</translation>
    </message>
    <message>
        <source>Online ticket or booking? Check in here</source>
        <translation>May online ticket o booking? Mag-check in dito</translation>
    </message>
    <message>
        <source>Staff only (PIN)</source>
        <translation>Para sa staff (PIN)</translation>
    </message>
    <message>
        <source>Moving, birth, marriage, death</source>
        <translation>Paglipat, kapanganakan, kasal, kamatayan</translation>
    </message>
    <message>
        <source>Answer a few questions: one ticket for every section</source>
        <translation>Sumagot ng ilang tanong: isang tiket para sa lahat ng seksiyon</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>Mga sertipiko</translation>
    </message>
    <message>
        <source>Choose documents and copies</source>
        <translation>Piliin ang dokumento at bilang ng kopya</translation>
    </message>
    <message>
        <source>Please choose what you came for</source>
        <translation>Piliin kung ano ang iyong pakay</translation>
    </message>
    <message>
        <source>Touch a button. Your numbered ticket comes out right away.</source>
        <translation>Pindutin ang isang button. Lalabas agad ang iyong tiket.</translation>
    </message>
    <message>
        <source>✓ Help requested (%1) — change</source>
        <translation>✓ Humingi ng tulong (%1) — baguhin</translation>
    </message>
    <message>
        <source>Need help? Wheelchair, hearing, interpreter …</source>
        <translation>Kailangan ng tulong? Wheelchair, pandinig, interpreter…</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <source>One moment please …</source>
        <translation>Sandali lang po…</translation>
    </message>
    <message>
        <source>It is busy right now. Please wait a moment …</source>
        <translation>Abala ngayon. Sandali lang po…</translation>
    </message>
    <message>
        <source>Please choose at least one certificate.</source>
        <translation>Pumili ng kahit isang sertipiko.</translation>
    </message>
    <message>
        <source>It is busy right now. Trying again …</source>
        <translation>Abala ngayon. Sinusubukan ulit…</translation>
    </message>
    <message>
        <source>Sorry, no ticket: %1</source>
        <translation>Paumanhin, walang tiket: %1</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be issued. Please try again or ask a member of staff.</source>
        <translation>Paumanhin, hindi nakapag-isyu ng tiket. Subukan ulit o magtanong sa staff.</translation>
    </message>
    <message>
        <source>Sorry, tickets cannot be issued right now. Please see a member of staff.</source>
        <translation>Paumanhin, hindi makapag-isyu ng tiket ngayon. Magtanong sa staff.</translation>
    </message>
    <message>
        <source>Your number is %1. Please wait to be called.</source>
        <translation>Ang numero mo ay %1. Hintaying tawagin.</translation>
    </message>
    <message>
        <source>That is not a ticket number. Please check it and try again.</source>
        <translation>Hindi ito numero ng tiket. Tingnan at subukan ulit.</translation>
    </message>
    <message>
        <source>Ticket %1 needs no check-in. Please wait to be called.</source>
        <translation>Hindi na kailangang mag-check in ang tiket %1. Hintaying tawagin.</translation>
    </message>
    <message>
        <source>Ticket %1 is already checked in. Please wait to be called.</source>
        <translation>Naka-check in na ang tiket %1. Hintaying tawagin.</translation>
    </message>
    <message>
        <source>We could not find ticket %1 for today.</source>
        <translation>Hindi namin makita ang tiket %1 para ngayong araw.</translation>
    </message>
    <message>
        <source>Sorry, please try again or ask a member of staff.</source>
        <translation>Paumanhin, subukan ulit o magtanong sa staff.</translation>
    </message>
    <message>
        <source>Check-in for your booking opens at %1. Please come back then.</source>
        <translation>Magbubukas ang check-in ng iyong booking sa %1. Bumalik ka sa oras na iyon.</translation>
    </message>
    <message>
        <source>This booking was cancelled. Please take a ticket from the home screen.</source>
        <translation>Nakansela ang booking na ito. Kumuha ng ticket mula sa unang screen.</translation>
    </message>
    <message>
        <source>This booking is for another day. Please ask a member of staff.</source>
        <translation>Para sa ibang araw ang booking na ito. Magtanong sa staff.</translation>
    </message>
    <message>
        <source>We could not find this booking. Please check the number.</source>
        <translation>Hindi namin makita ang booking na ito. Pakisuri ang numero.</translation>
    </message>
    <message>
        <source>This ticket is not valid today. Please ask a member of staff.</source>
        <translation>Hindi valid ngayong araw ang tiket na ito. Magtanong sa staff.</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Connection problem: the numbers shown may be out of date.</source>
        <translation>Problema sa koneksiyon: maaaring luma na ang mga numerong ipinapakita.</translation>
    </message>
    <message>
        <source>Ticket issuing is paused for now. Please ask a member of staff.</source>
        <translation>Pansamantalang nakahinto ang pag-isyu ng tiket. Magtanong sa staff.</translation>
    </message>
</context>
<context>
    <name>LanguageBar</name>
    <message>
        <source> (selected)</source>
        <translation> (napili)</translation>
    </message>
</context>
<context>
    <name>LifeEventsScreen</name>
    <message>
        <source>Not sure</source>
        <translation>Hindi sigurado</translation>
    </message>
    <message>
        <source>What happened?</source>
        <translation>Ano ang nangyari?</translation>
    </message>
    <message>
        <source>Choose one. A few yes/no questions follow, then you get one ticket that takes you through every section.</source>
        <translation>Pumili ng isa. Pagkatapos ng ilang tanong na oo/hindi, makakakuha ka ng isang tiket para sa lahat ng seksiyon.</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← Bumalik</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Oo</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Hindi</translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>Tanong %1 sa %2</translation>
    </message>
    <message>
        <source>Your route</source>
        <translation>Ang iyong ruta</translation>
    </message>
    <message>
        <source>One ticket for all of these, in this order. Each section calls the same number.</source>
        <translation>Isang tiket para sa lahat ng ito, sa ganitong pagkakasunod. Iisang numero ang tatawagin ng bawat seksiyon.</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>Kunin ang tiket</translation>
    </message>
    <message>
        <source>Not possible today: %1. Please ask at the counter.</source>
        <translation>Hindi posible ngayon: %1. Magtanong sa counter.</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Not printed: take a photo of this screen or scan the QR code</source>
        <translation>Hindi na-print: kunan ng litrato ang screen na ito o i-scan ang QR code</translation>
    </message>
    <message>
        <source>Your number: take a photo of this screen or scan the QR code</source>
        <translation>Ang numero mo: kunan ng litrato ang screen na ito o i-scan ang QR code</translation>
    </message>
    <message>
        <source>You came after your booked time (%1), so this is a normal ticket. Thank you for waiting.</source>
        <translation>Dumating ka pagkatapos ng iyong booked na oras (%1), kaya normal na ticket ito. Salamat sa paghihintay.</translation>
    </message>
    <message>
        <source>Booking checked in: you will be called from %1.</source>
        <translation>Naka-check in ang booking: tatawagin ka simula %1.</translation>
    </message>
    <message>
        <source>Printing your ticket …</source>
        <translation>Ipinapi-print ang iyong tiket…</translation>
    </message>
    <message>
        <source>Please take your ticket from the slot below.</source>
        <translation>Kunin ang iyong tiket sa ibaba.</translation>
    </message>
    <message>
        <source>Please note your number, or scan the QR code with your phone.</source>
        <translation>Tandaan ang iyong numero, o i-scan ang QR code gamit ang phone.</translation>
    </message>
    <message>
        <source>Sorry, the printer is out of paper.</source>
        <translation>Paumanhin, naubusan ng papel ang printer.</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be printed.</source>
        <translation>Paumanhin, hindi na-print ang tiket.</translation>
    </message>
    <message>
        <source>Your number is valid: remember it or scan the QR code. Staff have been told.</source>
        <translation>Valid ang iyong numero: tandaan ito o i-scan ang QR code. Nasabihan na ang staff.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Tapos na</translation>
    </message>
    <message>
        <source>Your ticket</source>
        <translation>Ang iyong tiket</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>Numero ng tiket</translation>
    </message>
    <message>
        <source>You are next</source>
        <translation>Ikaw na ang susunod</translation>
    </message>
    <message>
        <source>Estimated wait: %1</source>
        <translation>Tinatayang paghihintay: %1</translation>
    </message>
    <message>
        <source>Your route:</source>
        <translation>Ruta:</translation>
    </message>
    <message>
        <source>Scan with your phone to see your turn</source>
        <translation>I-scan gamit ang phone para makita ang iyong turno</translation>
    </message>
    <message>
        <source>Please come back before your number is called.</source>
        <translation>Bumalik bago tawagin ang iyong numero.</translation>
    </message>
</context>
<context>
    <name>UnavailableScreen</name>
    <message>
        <source>Sorry, tickets cannot be issued right now</source>
        <translation>Paumanhin, hindi makapag-isyu ng tiket ngayon</translation>
    </message>
    <message>
        <source>Please ask a member of staff. This machine keeps trying to reconnect.</source>
        <translation>Magtanong sa staff. Patuloy na sinusubukan ng makinang ito na kumonekta ulit.</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>%1 waiting</source>
        <translation>%1 ang naghihintay</translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation>Hindi available ngayon</translation>
    </message>
</context>
</TS>
