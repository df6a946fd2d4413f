<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en_US">
<context>
    <name>AlternativeScreen</name>
    <message>
        <source>Printing the guide …</source>
        <translation>안내문을 인쇄하고 있습니다…</translation>
    </message>
    <message>
        <source>Please take the printed guide from the slot below.</source>
        <translation>아래 출구에서 인쇄된 안내문을 가져가 주세요.</translation>
    </message>
    <message>
        <source>Sorry, the guide could not be printed. Please scan the QR code or take a photo.</source>
        <translation>죄송합니다. 안내문을 인쇄하지 못했습니다. QR코드를 스캔하거나 사진을 찍어 주세요.</translation>
    </message>
    <message>
        <source>Please scan the QR code or take a photo of this screen.</source>
        <translation>QR코드를 스캔하거나 이 화면의 사진을 찍어 주세요.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>완료</translation>
    </message>
</context>
<context>
    <name>AssistanceScreen</name>
    <message>
        <source>I use a wheelchair</source>
        <translation>휠체어를 사용합니다</translation>
    </message>
    <message>
        <source>I cannot hear the call well (staff will come to you)</source>
        <translation>호출이 잘 안 들립니다 (직원이 모시러 갑니다)</translation>
    </message>
    <message>
        <source>I cannot see well</source>
        <translation>눈이 잘 안 보입니다</translation>
    </message>
    <message>
        <source>I am pregnant</source>
        <translation>임신 중입니다</translation>
    </message>
    <message>
        <source>I am with a baby or small child</source>
        <translation>아기·어린 자녀와 함께 왔습니다</translation>
    </message>
    <message>
        <source>I need an interpreter</source>
        <translation>통역이 필요합니다</translation>
    </message>
    <message>
        <source>Do you need help?</source>
        <translation>도움이 필요하세요?</translation>
    </message>
    <message>
        <source>Choose all that apply, then press OK.</source>
        <translation>해당하는 것을 모두 고른 후 OK를 누르세요.</translation>
    </message>
    <message>
        <source>Only the staff at the counter see this. It is not printed or shown in the hall.</source>
        <translation>창구 직원만 봅니다. 번호표나 대기실 화면에는 나오지 않습니다.</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>선택됨</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>확인</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>모두 해제</translation>
    </message>
</context>
<context>
    <name>CertificatesScreen</name>
    <message>
        <source>One copy less: %1, now %2</source>
        <translation>한 부 줄이기: %1, 현재 %2</translation>
    </message>
    <message>
        <source>One copy more: %1, now %2</source>
        <translation>한 부 늘리기: %1, 현재 %2</translation>
    </message>
    <message>
        <source>Chosen: %1, %2</source>
        <translation>선택: %1 %2</translation>
    </message>
    <message>
        <source>Nothing chosen yet</source>
        <translation>아직 선택하지 않았습니다</translation>
    </message>
    <message>
        <source>Press + to add copies</source>
        <translation>+를 누르면 통수가 늘어납니다</translation>
    </message>
    <message>
        <source>Which certificates do you need?</source>
        <translation>어떤 증명서가 필요하세요?</translation>
    </message>
    <message>
        <source>Press + for each copy you need. You will not fill in a form: the counter sees your choice.</source>
        <translation>필요한 통수만큼 +를 누르세요. 신청서를 쓸 필요가 없습니다. 선택 내용은 창구에 전달됩니다.</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← 뒤로</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>번호표 받기</translation>
    </message>
</context>
<context>
    <name>CheckinScreen</name>
    <message>
        <source>Got a ticket online or a booking?</source>
        <translation>인터넷으로 번호표를 받으신 분・방문 예약하신 분</translation>
    </message>
    <message>
        <source>Hold the QR code on your phone to the reader, or type your ticket number (for example W012) or your 8-digit booking number.</source>
        <translation>휴대전화의 QR 코드를 판독기에 대시거나, 번호표 번호(예: W012) 또는 8자리 예약 번호를 입력해 주십시오.</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>접수 번호</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>한 글자 지우기</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← 뒤로</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>접수하기</translation>
    </message>
</context>
<context>
    <name>ClosedScreen</name>
    <message>
        <source>Sorry, we are closed now</source>
        <translation>지금은 접수 시간이 아닙니다</translation>
    </message>
    <message>
        <source>Tickets from: %1</source>
        <translation>다음 접수 시작: %1</translation>
    </message>
    <message>
        <source>Please check the opening days on the ward office website.</source>
        <translation>개청일은 구청 홈페이지에서 확인하세요.</translation>
    </message>
    <message>
        <source>Weekdays %1–%2</source>
        <translation>평일 %1~%2</translation>
    </message>
    <message>
        <source>Saturdays (week %3 of the month) %1–%2</source>
        <translation>매월 %3째 주 토요일 %1~%2</translation>
    </message>
    <message>
        <source>Closed on Sundays and public holidays</source>
        <translation>일요일·공휴일 휴무</translation>
    </message>
    <message>
        <source>Closed for the New Year: 29 Dec – 3 Jan</source>
        <translation>연말연시(12월 29일~1월 3일) 휴무</translation>
    </message>
    <message>
        <source>You can check waiting times on your phone: %1</source>
        <translation>대기 현황은 휴대폰으로도 확인할 수 있습니다: %1</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Not sure? Information desk</source>
        <translation>잘 모르시는 분・안내</translation>
    </message>
    <message>
        <source>We will tell you where to go</source>
        <translation>어느 창구로 가야 할지 안내해 드립니다</translation>
    </message>
    <message>
        <source>Online ticket or booking? Check in here</source>
        <translation>인터넷 번호표・예약하신 분은 여기</translation>
    </message>
    <message>
        <source>Staff only (PIN)</source>
        <translation>직원 전용 (PIN)</translation>
    </message>
    <message>
        <source>Moving, birth, marriage, death</source>
        <translation>이사·출생·결혼·사망</translation>
    </message>
    <message>
        <source>Answer a few questions: one ticket for every section</source>
        <translation>몇 가지 질문에 답하면 번호표 한 장으로 모든 창구 처리</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>증명서</translation>
    </message>
    <message>
        <source>Choose documents and copies</source>
        <translation>증명서와 통수를 고르세요</translation>
    </message>
    <message>
        <source>Please choose what you came for</source>
        <translation>용건을 선택해 주세요</translation>
    </message>
    <message>
        <source>Touch a button. Your numbered ticket comes out right away.</source>
        <translation>버튼을 누르면 바로 번호표가 나옵니다.</translation>
    </message>
    <message>
        <source>✓ Help requested (%1) — change</source>
        <translation>✓ 도움 요청함 (%1) — 변경</translation>
    </message>
    <message>
        <source>Need help? Wheelchair, hearing, interpreter …</source>
        <translation>도움이 필요하세요? 휠체어·청각·통역…</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <source>One moment please …</source>
        <translation>잠시만 기다려 주세요…</translation>
    </message>
    <message>
        <source>It is busy right now. Please wait a moment …</source>
        <translation>지금 혼잡합니다. 잠시만 기다려 주세요…</translation>
    </message>
    <message>
        <source>Please choose at least one certificate.</source>
        <translation>증명서를 하나 이상 고르세요.</translation>
    </message>
    <message>
        <source>It is busy right now. Trying again …</source>
        <translation>지금 혼잡합니다. 다시 시도하는 중…</translation>
    </message>
    <message>
        <source>Sorry, no ticket: %1</source>
        <translation>죄송합니다. 번호표를 발급할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be issued. Please try again or ask a member of staff.</source>
        <translation>죄송합니다. 번호표를 발급하지 못했습니다. 다시 시도하거나 직원에게 문의하세요.</translation>
    </message>
    <message>
        <source>Sorry, tickets cannot be issued right now. Please see a member of staff.</source>
        <translation>죄송합니다. 지금은 번호표를 발급할 수 없습니다. 직원에게 문의하세요.</translation>
    </message>
    <message>
        <source>Your number is %1. Please wait to be called.</source>
        <translation>고객님의 번호는 %1 입니다. 호출을 기다려 주세요.</translation>
    </message>
    <message>
        <source>That is not a ticket number. Please check it and try again.</source>
        <translation>번호표 번호가 아닙니다. 확인 후 다시 시도하세요.</translation>
    </message>
    <message>
        <source>Ticket %1 needs no check-in. Please wait to be called.</source>
        <translation>%1 은(는) 접수할 필요가 없습니다. 호출을 기다려 주세요.</translation>
    </message>
    <message>
        <source>Ticket %1 is already checked in. Please wait to be called.</source>
        <translation>%1 은(는) 이미 접수되었습니다. 호출을 기다려 주세요.</translation>
    </message>
    <message>
        <source>We could not find ticket %1 for today.</source>
        <translation>오늘의 번호 %1 을(를) 찾을 수 없습니다.</translation>
    </message>
    <message>
        <source>Sorry, please try again or ask a member of staff.</source>
        <translation>죄송합니다. 다시 시도하거나 직원에게 문의하세요.</translation>
    </message>
    <message>
        <source>Check-in for your booking opens at %1. Please come back then.</source>
        <translation>예약 접수는 %1부터입니다. 그 시간에 다시 와 주십시오.</translation>
    </message>
    <message>
        <source>This booking was cancelled. Please take a ticket from the home screen.</source>
        <translation>이 예약은 취소되었습니다. 첫 화면에서 번호표를 받아 주십시오.</translation>
    </message>
    <message>
        <source>This booking is for another day. Please ask a member of staff.</source>
        <translation>이 예약은 다른 날의 예약입니다. 직원에게 문의해 주십시오.</translation>
    </message>
    <message>
        <source>We could not find this booking. Please check the number.</source>
        <translation>이 예약을 찾을 수 없습니다. 번호를 확인해 주십시오.</translation>
    </message>
    <message>
        <source>This ticket is not valid today. Please ask a member of staff.</source>
        <translation>이 번호표는 오늘 사용할 수 없습니다. 직원에게 문의하세요.</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Connection problem: the numbers shown may be out of date.</source>
        <translation>연결 문제: 표시된 인원이 최신이 아닐 수 있습니다.</translation>
    </message>
    <message>
        <source>Ticket issuing is paused for now. Please ask a member of staff.</source>
        <translation>지금은 번호표 발급을 중지하고 있습니다. 직원에게 문의하세요.</translation>
    </message>
</context>
<context>
    <name>LanguageBar</name>
    <message>
        <source> (selected)</source>
        <translation> (선택됨)</translation>
    </message>
</context>
<context>
    <name>LifeEventsScreen</name>
    <message>
        <source>Not sure</source>
        <translation>잘 모르겠어요</translation>
    </message>
    <message>
        <source>What happened?</source>
        <translation>어떤 일이 있으셨나요?</translation>
    </message>
    <message>
        <source>Choose one. A few yes/no questions follow, then you get one ticket that takes you through every section.</source>
        <translation>하나를 고르세요. 예/아니요 질문 후 모든 창구에서 쓸 수 있는 번호표 한 장이 나옵니다.</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← 뒤로</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>No</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>질문 %1 / %2</translation>
    </message>
    <message>
        <source>Your route</source>
        <translation>진행 순서</translation>
    </message>
    <message>
        <source>One ticket for all of these, in this order. Each section calls the same number.</source>
        <translation>번호표 한 장으로 이 순서대로 진행합니다. 각 창구에서 같은 번호로 호출합니다.</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>번호표 받기</translation>
    </message>
    <message>
        <source>Not possible today: %1. Please ask at the counter.</source>
        <translation>오늘은 처리할 수 없습니다: %1. 창구에 문의하세요.</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Not printed: take a photo of this screen or scan the QR code</source>
        <translation>인쇄되지 않았습니다: 이 화면을 촬영하거나 QR 코드를 스캔하세요</translation>
    </message>
    <message>
        <source>Your number: take a photo of this screen or scan the QR code</source>
        <translation>번호를 기억하세요: 이 화면을 촬영하거나 QR 코드를 스캔하세요</translation>
    </message>
    <message>
        <source>You came after your booked time (%1), so this is a normal ticket. Thank you for waiting.</source>
        <translation>예약 시간(%1)이 지나 일반 순서 번호표가 발급되었습니다. 기다려 주셔서 감사합니다.</translation>
    </message>
    <message>
        <source>Booking checked in: you will be called from %1.</source>
        <translation>예약 접수가 완료되었습니다. %1부터 호출합니다.</translation>
    </message>
    <message>
        <source>Printing your ticket …</source>
        <translation>번호표를 인쇄하고 있습니다…</translation>
    </message>
    <message>
        <source>Please take your ticket from the slot below.</source>
        <translation>아래 출구에서 번호표를 가져가세요.</translation>
    </message>
    <message>
        <source>Please note your number, or scan the QR code with your phone.</source>
        <translation>번호를 메모하거나 휴대폰으로 QR 코드를 스캔하세요.</translation>
    </message>
    <message>
        <source>Sorry, the printer is out of paper.</source>
        <translation>죄송합니다. 프린터 용지가 떨어졌습니다.</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be printed.</source>
        <translation>죄송합니다. 번호표를 인쇄하지 못했습니다.</translation>
    </message>
    <message>
        <source>Your number is valid: remember it or scan the QR code. Staff have been told.</source>
        <translation>번호는 유효합니다. 번호를 메모하거나 QR 코드를 스캔하세요. 직원에게 알렸습니다.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Your ticket</source>
        <translation>번호표</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>접수 번호</translation>
    </message>
    <message>
        <source>You are next</source>
        <translation>다음 순서입니다</translation>
    </message>
    <message>
        <source>Estimated wait: %1</source>
        <translation>예상 대기 시간: %1</translation>
    </message>
    <message>
        <source>Your route:</source>
        <translation>순서:</translation>
    </message>
    <message>
        <source>Scan with your phone to see your turn</source>
        <translation>휴대폰으로 스캔하면 호출 현황을 볼 수 있습니다</translation>
    </message>
    <message>
        <source>Please come back before your number is called.</source>
        <translation>호출 순서가 되기 전에 돌아와 주세요</translation>
    </message>
</context>
<context>
    <name>UnavailableScreen</name>
    <message>
        <source>Sorry, tickets cannot be issued right now</source>
        <translation>죄송합니다. 지금은 번호표를 발급할 수 없습니다</translation>
    </message>
    <message>
        <source>Please ask a member of staff. This machine keeps trying to reconnect.</source>
        <translation>직원에게 문의하세요. 이 기계는 계속 재연결을 시도합니다.</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>%1 waiting</source>
        <translation>대기 %1명</translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation>지금은 이용할 수 없습니다</translation>
    </message>
</context>
</TS>
