<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en_US">
<context>
    <name>AlternativeScreen</name>
    <message>
        <source>Printing the guide …</source>
        <translation>正在打印说明…</translation>
    </message>
    <message>
        <source>Please take the printed guide from the slot below.</source>
        <translation>请从下方出口取走打印的说明。</translation>
    </message>
    <message>
        <source>Sorry, the guide could not be printed. Please scan the QR code or take a photo.</source>
        <translation>抱歉，说明无法打印。请扫描二维码或拍照。</translation>
    </message>
    <message>
        <source>Please scan the QR code or take a photo of this screen.</source>
        <translation>请扫描二维码或拍下此画面。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>AssistanceScreen</name>
    <message>
        <source>I use a wheelchair</source>
        <translation>我使用轮椅</translation>
    </message>
    <message>
        <source>I cannot hear the call well (staff will come to you)</source>
        <translation>听不清叫号（工作人员会来找您）</translation>
    </message>
    <message>
        <source>I cannot see well</source>
        <translation>我视力不好</translation>
    </message>
    <message>
        <source>I am pregnant</source>
        <translation>我怀孕了</translation>
    </message>
    <message>
        <source>I am with a baby or small child</source>
        <translation>我带着婴儿或小孩</translation>
    </message>
    <message>
        <source>I need an interpreter</source>
        <translation>我需要口译</translation>
    </message>
    <message>
        <source>Do you need help?</source>
        <translation>您需要帮助吗？</translation>
    </message>
    <message>
        <source>Choose all that apply, then press OK.</source>
        <translation>请选择所有适用项，然后按“OK”。</translation>
    </message>
    <message>
        <source>Only the staff at the counter see this. It is not printed or shown in the hall.</source>
        <translation>只有窗口工作人员能看到，不会打印在号码牌上，也不会显示在大厅屏幕上。</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>已选</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>全部取消</translation>
    </message>
</context>
<context>
    <name>CertificatesScreen</name>
    <message>
        <source>One copy less: %1, now %2</source>
        <translation>减少一份：%1，当前 %2</translation>
    </message>
    <message>
        <source>One copy more: %1, now %2</source>
        <translation>增加一份：%1，当前 %2</translation>
    </message>
    <message>
        <source>Chosen: %1, %2</source>
        <translation>已选：%1，共 %2</translation>
    </message>
    <message>
        <source>Nothing chosen yet</source>
        <translation>尚未选择</translation>
    </message>
    <message>
        <source>Press + to add copies</source>
        <translation>按＋增加份数</translation>
    </message>
    <message>
        <source>Which certificates do you need?</source>
        <translation>您需要哪些证明书？</translation>
    </message>
    <message>
        <source>Press + for each copy you need. You will not fill in a form: the counter sees your choice.</source>
        <translation>需要几份就按几次＋。无需填写申请表：窗口能看到您的选择。</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← 返回</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>领取号码牌</translation>
    </message>
</context>
<context>
    <name>CheckinScreen</name>
    <message>
        <source>Got a ticket online or a booking?</source>
        <translation>网上取号或已预约的来访者</translation>
    </message>
    <message>
        <source>Hold the QR code on your phone to the reader, or type your ticket number (for example W012) or your 8-digit booking number.</source>
        <translation>请将手机上的二维码对准读取器，或输入号码（例：W012）或8位预约号。</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← 返回</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>签到</translation>
    </message>
</context>
<context>
    <name>ClosedScreen</name>
    <message>
        <source>Sorry, we are closed now</source>
        <translation>抱歉，现在是非办公时间</translation>
    </message>
    <message>
        <source>Tickets from: %1</source>
        <translation>下次开始取号：%1</translation>
    </message>
    <message>
        <source>Please check the opening days on the ward office website.</source>
        <translation>开放日请查看区役所网站。</translation>
    </message>
    <message>
        <source>Weekdays %1–%2</source>
        <translation>工作日 %1～%2</translation>
    </message>
    <message>
        <source>Saturdays (week %3 of the month) %1–%2</source>
        <translation>每月第%3个周六 %1～%2</translation>
    </message>
    <message>
        <source>Closed on Sundays and public holidays</source>
        <translation>周日及节假日休息</translation>
    </message>
    <message>
        <source>Closed for the New Year: 29 Dec – 3 Jan</source>
        <translation>年末年初（12月29日～1月3日）休息</translation>
    </message>
    <message>
        <source>You can check waiting times on your phone: %1</source>
        <translation>可以用手机查看等候状况：%1</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Not sure? Information desk</source>
        <translation>不清楚？综合咨询</translation>
    </message>
    <message>
        <source>We will tell you where to go</source>
        <translation>我们告诉您去哪个窗口</translation>
    </message>
    <message>
        <source>Online ticket or booking? Check in here</source>
        <translation>网上取号・预约的来访者请点这里</translation>
    </message>
    <message>
        <source>Staff only (PIN)</source>
        <translation>仅限职员（密码）</translation>
    </message>
    <message>
        <source>Moving, birth, marriage, death</source>
        <translation>搬家、出生、结婚、死亡</translation>
    </message>
    <message>
        <source>Answer a few questions: one ticket for every section</source>
        <translation>回答几个问题：一张号码牌办完所有窗口</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>证明书</translation>
    </message>
    <message>
        <source>Choose documents and copies</source>
        <translation>选择证明书和份数</translation>
    </message>
    <message>
        <source>Please choose what you came for</source>
        <translation>请选择您要办理的业务</translation>
    </message>
    <message>
        <source>Touch a button. Your numbered ticket comes out right away.</source>
        <translation>触摸按钮，号码牌会立刻打印出来。</translation>
    </message>
    <message>
        <source>✓ Help requested (%1) — change</source>
        <translation>✓ 已申请帮助（%1项）— 修改</translation>
    </message>
    <message>
        <source>Need help? Wheelchair, hearing, interpreter …</source>
        <translation>需要帮助？轮椅、听力、口译…</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <source>One moment please …</source>
        <translation>请稍候…</translation>
    </message>
    <message>
        <source>It is busy right now. Please wait a moment …</source>
        <translation>现在繁忙，请稍候…</translation>
    </message>
    <message>
        <source>Please choose at least one certificate.</source>
        <translation>请至少选择一种证明书。</translation>
    </message>
    <message>
        <source>It is busy right now. Trying again …</source>
        <translation>现在繁忙，正在重试…</translation>
    </message>
    <message>
        <source>Sorry, no ticket: %1</source>
        <translation>抱歉，无法取号：%1</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be issued. Please try again or ask a member of staff.</source>
        <translation>抱歉，未能取号。请重试或联系工作人员。</translation>
    </message>
    <message>
        <source>Sorry, tickets cannot be issued right now. Please see a member of staff.</source>
        <translation>抱歉，目前无法取号。请联系工作人员。</translation>
    </message>
    <message>
        <source>Your number is %1. Please wait to be called.</source>
        <translation>您的号码是 %1。请等候叫号。</translation>
    </message>
    <message>
        <source>That is not a ticket number. Please check it and try again.</source>
        <translation>这不是号码牌号码。请确认后重试。</translation>
    </message>
    <message>
        <source>Ticket %1 needs no check-in. Please wait to be called.</source>
        <translation>%1 无需签到。请等候叫号。</translation>
    </message>
    <message>
        <source>Ticket %1 is already checked in. Please wait to be called.</source>
        <translation>%1 已签到。请等候叫号。</translation>
    </message>
    <message>
        <source>We could not find ticket %1 for today.</source>
        <translation>未找到今日的号码 %1。</translation>
    </message>
    <message>
        <source>Sorry, please try again or ask a member of staff.</source>
        <translation>抱歉，请重试或联系工作人员。</translation>
    </message>
    <message>
        <source>Check-in for your booking opens at %1. Please come back then.</source>
        <translation>您的预约从 %1 起可以签到。请届时再来。</translation>
    </message>
    <message>
        <source>This booking was cancelled. Please take a ticket from the home screen.</source>
        <translation>此预约已取消。请在首页取号。</translation>
    </message>
    <message>
        <source>This booking is for another day. Please ask a member of staff.</source>
        <translation>此预约不是今天的。请咨询工作人员。</translation>
    </message>
    <message>
        <source>We could not find this booking. Please check the number.</source>
        <translation>找不到此预约。请确认号码。</translation>
    </message>
    <message>
        <source>This ticket is not valid today. Please ask a member of staff.</source>
        <translation>此号码牌今日无效。请联系工作人员。</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Connection problem: the numbers shown may be out of date.</source>
        <translation>连接出现问题：显示的人数可能不是最新的。</translation>
    </message>
    <message>
        <source>Ticket issuing is paused for now. Please ask a member of staff.</source>
        <translation>目前暂停取号。请联系工作人员。</translation>
    </message>
</context>
<context>
    <name>LanguageBar</name>
    <message>
        <source> (selected)</source>
        <translation>（已选）</translation>
    </message>
</context>
<context>
    <name>LifeEventsScreen</name>
    <message>
        <source>Not sure</source>
        <translation>不确定</translation>
    </message>
    <message>
        <source>What happened?</source>
        <translation>您要办理什么手续？</translation>
    </message>
    <message>
        <source>Choose one. A few yes/no questions follow, then you get one ticket that takes you through every section.</source>
        <translation>请选择一项。回答几个“是/否”问题后，您会得到一张可用于所有窗口的号码牌。</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← 返回</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>问题 %1 / %2</translation>
    </message>
    <message>
        <source>Your route</source>
        <translation>办理顺序</translation>
    </message>
    <message>
        <source>One ticket for all of these, in this order. Each section calls the same number.</source>
        <translation>一张号码牌，按此顺序办理。各窗口都会叫同一个号码。</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>领取号码牌</translation>
    </message>
    <message>
        <source>Not possible today: %1. Please ask at the counter.</source>
        <translation>今日无法办理：%1。请到窗口咨询。</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Not printed: take a photo of this screen or scan the QR code</source>
        <translation>未能打印：请拍下本画面或扫描二维码</translation>
    </message>
    <message>
        <source>Your number: take a photo of this screen or scan the QR code</source>
        <translation>请记下号码：拍下本画面或扫描二维码</translation>
    </message>
    <message>
        <source>You came after your booked time (%1), so this is a normal ticket. Thank you for waiting.</source>
        <translation>您晚于预约时间（%1）到达，因此这是一张普通号码。感谢您的耐心等候。</translation>
    </message>
    <message>
        <source>Booking checked in: you will be called from %1.</source>
        <translation>预约已签到：将从 %1 起叫号。</translation>
    </message>
    <message>
        <source>Printing your ticket …</source>
        <translation>正在打印号码牌…</translation>
    </message>
    <message>
        <source>Please take your ticket from the slot below.</source>
        <translation>请从下方出口取走号码牌。</translation>
    </message>
    <message>
        <source>Please note your number, or scan the QR code with your phone.</source>
        <translation>请记下您的号码，或用手机扫描二维码。</translation>
    </message>
    <message>
        <source>Sorry, the printer is out of paper.</source>
        <translation>抱歉，打印机缺纸。</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be printed.</source>
        <translation>抱歉，号码牌未能打印。</translation>
    </message>
    <message>
        <source>Your number is valid: remember it or scan the QR code. Staff have been told.</source>
        <translation>您的号码有效：请记下号码或扫描二维码。已通知工作人员。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Your ticket</source>
        <translation>您的号码牌</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>You are next</source>
        <translation>下一位就是您</translation>
    </message>
    <message>
        <source>Estimated wait: %1</source>
        <translation>预计等候：%1</translation>
    </message>
    <message>
        <source>Your route:</source>
        <translation>顺序：</translation>
    </message>
    <message>
        <source>Scan with your phone to see your turn</source>
        <translation>用手机扫码查看叫号进度</translation>
    </message>
    <message>
        <source>Please come back before your number is called.</source>
        <translation>请在叫到您的号码之前回来</translation>
    </message>
</context>
<context>
    <name>UnavailableScreen</name>
    <message>
        <source>Sorry, tickets cannot be issued right now</source>
        <translation>抱歉，现在无法取号</translation>
    </message>
    <message>
        <source>Please ask a member of staff. This machine keeps trying to reconnect.</source>
        <translation>请联系工作人员。本机正在自动重新连接。</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>%1 waiting</source>
        <translation>等候 %1 人</translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation>现在无法受理</translation>
    </message>
</context>
</TS>
