<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN" sourcelanguage="en_US">
<context>
    <name>AlternativeScreen</name>
    <message>
        <source>Printing the guide …</source>
        <translation>Đang in hướng dẫn…</translation>
    </message>
    <message>
        <source>Please take the printed guide from the slot below.</source>
        <translation>Vui lòng lấy tờ hướng dẫn ở khe bên dưới.</translation>
    </message>
    <message>
        <source>Sorry, the guide could not be printed. Please scan the QR code or take a photo.</source>
        <translation>Xin lỗi, không in được hướng dẫn. Vui lòng quét mã QR hoặc chụp ảnh.</translation>
    </message>
    <message>
        <source>Please scan the QR code or take a photo of this screen.</source>
        <translation>Vui lòng quét mã QR hoặc chụp ảnh màn hình này.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
</context>
<context>
    <name>AssistanceScreen</name>
    <message>
        <source>I use a wheelchair</source>
        <translation>Tôi dùng xe lăn</translation>
    </message>
    <message>
        <source>I cannot hear the call well (staff will come to you)</source>
        <translation>Tôi khó nghe tiếng gọi (nhân viên sẽ đến đón bạn)</translation>
    </message>
    <message>
        <source>I cannot see well</source>
        <translation>Tôi khó nhìn</translation>
    </message>
    <message>
        <source>I am pregnant</source>
        <translation>Tôi đang mang thai</translation>
    </message>
    <message>
        <source>I am with a baby or small child</source>
        <translation>Tôi đi cùng em bé hoặc trẻ nhỏ</translation>
    </message>
    <message>
        <source>I need an interpreter</source>
        <translation>Tôi cần phiên dịch</translation>
    </message>
    <message>
        <source>Do you need help?</source>
        <translation>Bạn có cần giúp đỡ không?</translation>
    </message>
    <message>
        <source>Choose all that apply, then press OK.</source>
        <translation>Chọn tất cả mục phù hợp rồi nhấn OK.</translation>
    </message>
    <message>
        <source>Only the staff at the counter see this. It is not printed or shown in the hall.</source>
        <translation>Chỉ nhân viên tại quầy thấy thông tin này. Không in ra và không hiện ở sảnh.</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>đã chọn</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>Bỏ chọn tất cả</translation>
    </message>
</context>
<context>
    <name>CertificatesScreen</name>
    <message>
        <source>One copy less: %1, now %2</source>
        <translation>Bớt một bản: %1, hiện có %2</translation>
    </message>
    <message>
        <source>One copy more: %1, now %2</source>
        <translation>Thêm một bản: %1, hiện có %2</translation>
    </message>
    <message>
        <source>Chosen: %1, %2</source>
        <translation>Đã chọn: %1, %2</translation>
    </message>
    <message>
        <source>Nothing chosen yet</source>
        <translation>Chưa chọn gì</translation>
    </message>
    <message>
        <source>Press + to add copies</source>
        <translation>Nhấn + để thêm bản</translation>
    </message>
    <message>
        <source>Which certificates do you need?</source>
        <translation>Bạn cần giấy chứng nhận nào?</translation>
    </message>
    <message>
        <source>Press + for each copy you need. You will not fill in a form: the counter sees your choice.</source>
        <translation>Nhấn + cho mỗi bản bạn cần. Không cần điền đơn: quầy sẽ thấy lựa chọn của bạn.</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← Quay lại</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>Lấy phiếu số</translation>
    </message>
</context>
<context>
    <name>CheckinScreen</name>
    <message>
        <source>Got a ticket online or a booking?</source>
        <translation>Đã lấy số qua mạng hoặc đã đặt lịch?</translation>
    </message>
    <message>
        <source>Hold the QR code on your phone to the reader, or type your ticket number (for example W012) or your 8-digit booking number.</source>
        <translation>Đưa mã QR trên điện thoại vào đầu đọc, hoặc nhập số vé (ví dụ W012) hoặc mã đặt lịch 8 chữ số.</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>Số thứ tự</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Xóa hết</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← Quay lại</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Xác nhận đến</translation>
    </message>
</context>
<context>
    <name>ClosedScreen</name>
    <message>
        <source>Sorry, we are closed now</source>
        <translation>Xin lỗi, hiện đã ngoài giờ làm việc</translation>
    </message>
    <message>
        <source>Tickets from: %1</source>
        <translation>Lấy số từ: %1</translation>
    </message>
    <message>
        <source>Please check the opening days on the ward office website.</source>
        <translation>Vui lòng xem ngày làm việc trên trang web của văn phòng quận.</translation>
    </message>
    <message>
        <source>Weekdays %1–%2</source>
        <translation>Ngày thường %1–%2</translation>
    </message>
    <message>
        <source>Saturdays (week %3 of the month) %1–%2</source>
        <translation>Thứ Bảy tuần %3 trong tháng %1–%2</translation>
    </message>
    <message>
        <source>Closed on Sundays and public holidays</source>
        <translation>Nghỉ Chủ nhật và ngày lễ</translation>
    </message>
    <message>
        <source>Closed for the New Year: 29 Dec – 3 Jan</source>
        <translation>Nghỉ Tết dương lịch: 29/12 – 3/1</translation>
    </message>
    <message>
        <source>You can check waiting times on your phone: %1</source>
        <translation>Có thể xem thời gian chờ trên điện thoại: %1</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Not sure? Information desk</source>
        <translation>Không rõ? Quầy hướng dẫn</translation>
    </message>
    <message>
        <source>We will tell you where to go</source>
        <translation>Chúng tôi sẽ chỉ bạn đến đúng quầy</translation>
    </message>
    <message>
        <source>Online ticket or booking? Check in here</source>
        <translation>Vé qua mạng hoặc đặt lịch? Đăng ký tại đây</translation>
    </message>
    <message>
        <source>Staff only (PIN)</source>
        <translation>Chỉ nhân viên (PIN)</translation>
    </message>
    <message>
        <source>Moving, birth, marriage, death</source>
        <translation>Chuyển nhà, sinh con, kết hôn, qua đời</translation>
    </message>
    <message>
        <source>Answer a few questions: one ticket for every section</source>
        <translation>Trả lời vài câu hỏi: một phiếu cho mọi quầy</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>Giấy chứng nhận</translation>
    </message>
    <message>
        <source>Choose documents and copies</source>
        <translation>Chọn giấy tờ và số bản</translation>
    </message>
    <message>
        <source>Please choose what you came for</source>
        <translation>Vui lòng chọn việc bạn cần làm</translation>
    </message>
    <message>
        <source>Touch a button. Your numbered ticket comes out right away.</source>
        <translation>Chạm vào nút, phiếu số sẽ ra ngay.</translation>
    </message>
    <message>
        <source>✓ Help requested (%1) — change</source>
        <translation>✓ Đã yêu cầu giúp đỡ (%1) — thay đổi</translation>
    </message>
    <message>
        <source>Need help? Wheelchair, hearing, interpreter …</source>
        <translation>Cần giúp? Xe lăn, thính giác, phiên dịch…</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <source>One moment please …</source>
        <translation>Vui lòng chờ một chút…</translation>
    </message>
    <message>
        <source>It is busy right now. Please wait a moment …</source>
        <translation>Hệ thống đang bận. Vui lòng chờ một chút…</translation>
    </message>
    <message>
        <source>Please choose at least one certificate.</source>
        <translation>Vui lòng chọn ít nhất một giấy chứng nhận.</translation>
    </message>
    <message>
        <source>It is busy right now. Trying again …</source>
        <translation>Hệ thống đang bận. Đang thử lại…</translation>
    </message>
    <message>
        <source>Sorry, no ticket: %1</source>
        <translation>Xin lỗi, không lấy được số: %1</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be issued. Please try again or ask a member of staff.</source>
        <translation>Xin lỗi, không lấy được phiếu. Vui lòng thử lại hoặc hỏi nhân viên.</translation>
    </message>
    <message>
        <source>Sorry, tickets cannot be issued right now. Please see a member of staff.</source>
        <translation>Xin lỗi, hiện không thể lấy phiếu. Vui lòng hỏi nhân viên.</translation>
    </message>
    <message>
        <source>Your number is %1. Please wait to be called.</source>
        <translation>Số của bạn là %1. Vui lòng chờ gọi.</translation>
    </message>
    <message>
        <source>That is not a ticket number. Please check it and try again.</source>
        <translation>Đây không phải số phiếu. Vui lòng kiểm tra và thử lại.</translation>
    </message>
    <message>
        <source>Ticket %1 needs no check-in. Please wait to be called.</source>
        <translation>Phiếu %1 không cần xác nhận. Vui lòng chờ gọi.</translation>
    </message>
    <message>
        <source>Ticket %1 is already checked in. Please wait to be called.</source>
        <translation>Phiếu %1 đã xác nhận. Vui lòng chờ gọi.</translation>
    </message>
    <message>
        <source>We could not find ticket %1 for today.</source>
        <translation>Không tìm thấy phiếu %1 của hôm nay.</translation>
    </message>
    <message>
        <source>Sorry, please try again or ask a member of staff.</source>
        <translation>Xin lỗi, vui lòng thử lại hoặc hỏi nhân viên.</translation>
    </message>
    <message>
        <source>Check-in for your booking opens at %1. Please come back then.</source>
        <translation>Việc đăng ký cho lịch hẹn của bạn bắt đầu lúc %1. Vui lòng quay lại lúc đó.</translation>
    </message>
    <message>
        <source>This booking was cancelled. Please take a ticket from the home screen.</source>
        <translation>Lịch hẹn này đã bị hủy. Vui lòng lấy số từ màn hình chính.</translation>
    </message>
    <message>
        <source>This booking is for another day. Please ask a member of staff.</source>
        <translation>Lịch hẹn này là của ngày khác. Vui lòng hỏi nhân viên.</translation>
    </message>
    <message>
        <source>We could not find this booking. Please check the number.</source>
        <translation>Không tìm thấy lịch hẹn này. Vui lòng kiểm tra lại số.</translation>
    </message>
    <message>
        <source>This ticket is not valid today. Please ask a member of staff.</source>
        <translation>Phiếu này không có hiệu lực hôm nay. Vui lòng hỏi nhân viên.</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Connection problem: the numbers shown may be out of date.</source>
        <translation>Sự cố kết nối: số người hiển thị có thể chưa cập nhật.</translation>
    </message>
    <message>
        <source>Ticket issuing is paused for now. Please ask a member of staff.</source>
        <translation>Tạm dừng phát số. Vui lòng hỏi nhân viên.</translation>
    </message>
</context>
<context>
    <name>LanguageBar</name>
    <message>
        <source> (selected)</source>
        <translation> (đang chọn)</translation>
    </message>
</context>
<context>
    <name>LifeEventsScreen</name>
    <message>
        <source>Not sure</source>
        <translation>Không chắc</translation>
    </message>
    <message>
        <source>What happened?</source>
        <translation>Bạn cần làm thủ tục gì?</translation>
    </message>
    <message>
        <source>Choose one. A few yes/no questions follow, then you get one ticket that takes you through every section.</source>
        <translation>Chọn một mục. Sau vài câu hỏi có/không, bạn nhận một phiếu dùng cho mọi quầy.</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← Quay lại</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>Câu hỏi %1 / %2</translation>
    </message>
    <message>
        <source>Your route</source>
        <translation>Thứ tự thủ tục</translation>
    </message>
    <message>
        <source>One ticket for all of these, in this order. Each section calls the same number.</source>
        <translation>Một phiếu cho tất cả, theo thứ tự này. Mỗi quầy gọi cùng một số.</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>Lấy phiếu số</translation>
    </message>
    <message>
        <source>Not possible today: %1. Please ask at the counter.</source>
        <translation>Hôm nay không làm được: %1. Vui lòng hỏi tại quầy.</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Not printed: take a photo of this screen or scan the QR code</source>
        <translation>Không in được: hãy chụp ảnh màn hình này hoặc quét mã QR</translation>
    </message>
    <message>
        <source>Your number: take a photo of this screen or scan the QR code</source>
        <translation>Số của bạn: hãy chụp ảnh màn hình này hoặc quét mã QR</translation>
    </message>
    <message>
        <source>You came after your booked time (%1), so this is a normal ticket. Thank you for waiting.</source>
        <translation>Bạn đến sau giờ hẹn (%1) nên đây là vé thường. Cảm ơn bạn đã chờ.</translation>
    </message>
    <message>
        <source>Booking checked in: you will be called from %1.</source>
        <translation>Đã đăng ký lịch hẹn: bạn sẽ được gọi từ %1.</translation>
    </message>
    <message>
        <source>Printing your ticket …</source>
        <translation>Đang in phiếu…</translation>
    </message>
    <message>
        <source>Please take your ticket from the slot below.</source>
        <translation>Vui lòng lấy phiếu ở khe bên dưới.</translation>
    </message>
    <message>
        <source>Please note your number, or scan the QR code with your phone.</source>
        <translation>Hãy ghi nhớ số của bạn hoặc quét mã QR bằng điện thoại.</translation>
    </message>
    <message>
        <source>Sorry, the printer is out of paper.</source>
        <translation>Xin lỗi, máy in hết giấy.</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be printed.</source>
        <translation>Xin lỗi, không in được phiếu.</translation>
    </message>
    <message>
        <source>Your number is valid: remember it or scan the QR code. Staff have been told.</source>
        <translation>Số của bạn vẫn hợp lệ: hãy ghi nhớ hoặc quét mã QR. Nhân viên đã được báo.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <source>Your ticket</source>
        <translation>Phiếu của bạn</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>Số thứ tự</translation>
    </message>
    <message>
        <source>You are next</source>
        <translation>Bạn là người tiếp theo</translation>
    </message>
    <message>
        <source>Estimated wait: %1</source>
        <translation>Thời gian chờ dự kiến: %1</translation>
    </message>
    <message>
        <source>Your route:</source>
        <translation>Thứ tự:</translation>
    </message>
    <message>
        <source>Scan with your phone to see your turn</source>
        <translation>Quét bằng điện thoại để xem lượt của bạn</translation>
    </message>
    <message>
        <source>Please come back before your number is called.</source>
        <translation>Vui lòng quay lại trước khi số của bạn được gọi.</translation>
    </message>
</context>
<context>
    <name>UnavailableScreen</name>
    <message>
        <source>Sorry, tickets cannot be issued right now</source>
        <translation>Xin lỗi, hiện không thể lấy số</translation>
    </message>
    <message>
        <source>Please ask a member of staff. This machine keeps trying to reconnect.</source>
        <translation>Vui lòng hỏi nhân viên. Máy đang tự kết nối lại.</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>%1 waiting</source>
        <translation>%1 người đang chờ</translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation>Hiện không khả dụng</translation>
    </message>
</context>
</TS>
