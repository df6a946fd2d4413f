<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="en_US">
<context>
    <name>AlternativeScreen</name>
    <message>
        <source>Printing the guide …</source>
        <translation>あんないを いんさつ して います…</translation>
    </message>
    <message>
        <source>Please take the printed guide from the slot below.</source>
        <translation>したの ところから あんないの かみを とって ください。</translation>
    </message>
    <message>
        <source>Sorry, the guide could not be printed. Please scan the QR code or take a photo.</source>
        <translation>ごめんなさい。いんさつ できませんでした。QRコードを よむか、しゃしんを とって ください。</translation>
    </message>
    <message>
        <source>Please scan the QR code or take a photo of this screen.</source>
        <translation>QRコードを よむか、この がめんの しゃしんを とって ください。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>おわり</translation>
    </message>
</context>
<context>
    <name>AssistanceScreen</name>
    <message>
        <source>I use a wheelchair</source>
        <translation>くるまいすを つかって います</translation>
    </message>
    <message>
        <source>I cannot hear the call well (staff will come to you)</source>
        <translation>よぶ こえが ききにくい（かかりの ひとが むかえに いきます）</translation>
    </message>
    <message>
        <source>I cannot see well</source>
        <translation>めが みえにくい</translation>
    </message>
    <message>
        <source>I am pregnant</source>
        <translation>おなかに あかちゃんが います</translation>
    </message>
    <message>
        <source>I am with a baby or small child</source>
        <translation>あかちゃんや ちいさい こどもと いっしょです</translation>
    </message>
    <message>
        <source>I need an interpreter</source>
        <translation>つうやくが ほしい</translation>
    </message>
    <message>
        <source>Do you need help?</source>
        <translation>てつだいが いりますか？</translation>
    </message>
    <message>
        <source>Choose all that apply, then press OK.</source>
        <translation>あてはまる ものを ぜんぶ えらんで「OK」を おして ください。</translation>
    </message>
    <message>
        <source>Only the staff at the counter see this. It is not printed or shown in the hall.</source>
        <translation>これは まどぐちの かかりの ひとだけが みます。ばんごうふだや ロビーの がめんには でません。</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>えらんで います</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>ぜんぶ けす</translation>
    </message>
</context>
<context>
    <name>CertificatesScreen</name>
    <message>
        <source>One copy less: %1, now %2</source>
        <translation>1まい へらす：%1、いま %2</translation>
    </message>
    <message>
        <source>One copy more: %1, now %2</source>
        <translation>1まい ふやす：%1、いま %2</translation>
    </message>
    <message>
        <source>Chosen: %1, %2</source>
        <translation>えらんだ もの：%1 %2</translation>
    </message>
    <message>
        <source>Nothing chosen yet</source>
        <translation>まだ えらんで いません</translation>
    </message>
    <message>
        <source>Press + to add copies</source>
        <translation>＋を おすと まいすうが ふえます</translation>
    </message>
    <message>
        <source>Which certificates do you need?</source>
        <translation>ほしい しょうめいしょと まいすうを えらんで ください</translation>
    </message>
    <message>
        <source>Press + for each copy you need. You will not fill in a form: the counter sees your choice.</source>
        <translation>ほしい まいすうだけ ＋を おして ください。かみに かく ひつようは ありません。まどぐちに つたわります。</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← もどる</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>ばんごうふだを だす</translation>
    </message>
</context>
<context>
    <name>CheckinScreen</name>
    <message>
        <source>Got a ticket online or a booking?</source>
        <translation>インターネットで ばんごうを とった ひと・よやくした ひと</translation>
    </message>
    <message>
        <source>Hold the QR code on your phone to the reader, or type your ticket number (for example W012) or your 8-digit booking number.</source>
        <translation>スマートフォンの QRコードを よみとりきに かざすか、ばんごう（れい：W012）か 8けたの よやく ばんごうを いれて ください。</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>あなたの ばんごう</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>1もじ けす</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>けす</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← もどる</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>うけつけ する</translation>
    </message>
</context>
<context>
    <name>ClosedScreen</name>
    <message>
        <source>Sorry, we are closed now</source>
        <translation>いまは うけつけの じかんでは ありません</translation>
    </message>
    <message>
        <source>Tickets from: %1</source>
        <translation>つぎに あく じかん：%1</translation>
    </message>
    <message>
        <source>Please check the opening days on the ward office website.</source>
        <translation>あいて いる ひは くやくしょの ホームページで みて ください。</translation>
    </message>
    <message>
        <source>Weekdays %1–%2</source>
        <translation>げつようび〜きんようび %1〜%2</translation>
    </message>
    <message>
        <source>Saturdays (week %3 of the month) %1–%2</source>
        <translation>だい%3どようび %1〜%2</translation>
    </message>
    <message>
        <source>Closed on Sundays and public holidays</source>
        <translation>にちようびと しゅくじつは やすみです</translation>
    </message>
    <message>
        <source>Closed for the New Year: 29 Dec – 3 Jan</source>
        <translation>12がつ29にち〜1がつ3にちは やすみです</translation>
    </message>
    <message>
        <source>You can check waiting times on your phone: %1</source>
        <translation>まつ じかんは スマホでも みられます：%1</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Not sure? Information desk</source>
        <translation>わからない ひと・あんない</translation>
    </message>
    <message>
        <source>We will tell you where to go</source>
        <translation>どの まどぐちに いくか おしえます</translation>
    </message>
    <message>
        <source>Online ticket or booking? Check in here</source>
        <translation>インターネットの ばんごう・よやくの ひとは ここ</translation>
    </message>
    <message>
        <source>Staff only (PIN)</source>
        <translation>しょくいん よう</translation>
    </message>
    <message>
        <source>Moving, birth, marriage, death</source>
        <translation>ひっこし・うまれた・けっこん・なくなった</translation>
    </message>
    <message>
        <source>Answer a few questions: one ticket for every section</source>
        <translation>しつもんに こたえると、1まいの ばんごうふだで ぜんぶ できます</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>しょうめいしょ</translation>
    </message>
    <message>
        <source>Choose documents and copies</source>
        <translation>ほしい しょうめいしょと まいすうを えらびます</translation>
    </message>
    <message>
        <source>Please choose what you came for</source>
        <translation>なにを しに きましたか？ えらんで ください</translation>
    </message>
    <message>
        <source>Touch a button. Your numbered ticket comes out right away.</source>
        <translation>ボタンに さわると すぐ ばんごうふだが でます。</translation>
    </message>
    <message>
        <source>✓ Help requested (%1) — change</source>
        <translation>✓ てつだいを たのみました（%1）— かえる</translation>
    </message>
    <message>
        <source>Need help? Wheelchair, hearing, interpreter …</source>
        <translation>てつだいが いる ひと（くるまいす・みみ・つうやく など）</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <source>One moment please …</source>
        <translation>すこし まって ください…</translation>
    </message>
    <message>
        <source>It is busy right now. Please wait a moment …</source>
        <translation>いま こんで います。すこし まって ください…</translation>
    </message>
    <message>
        <source>Please choose at least one certificate.</source>
        <translation>しょうめいしょを 1つ いじょう えらんで ください。</translation>
    </message>
    <message>
        <source>It is busy right now. Trying again …</source>
        <translation>いま こんで います。もう いちど やって います…</translation>
    </message>
    <message>
        <source>Sorry, no ticket: %1</source>
        <translation>ごめんなさい。ばんごうふだは でません：%1</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be issued. Please try again or ask a member of staff.</source>
        <translation>ごめんなさい。ばんごうふだが でませんでした。もう いちど やるか、かかりの ひとに きいて ください。</translation>
    </message>
    <message>
        <source>Sorry, tickets cannot be issued right now. Please see a member of staff.</source>
        <translation>ごめんなさい。いま ばんごうふだが でません。かかりの ひとに きいて ください。</translation>
    </message>
    <message>
        <source>Your number is %1. Please wait to be called.</source>
        <translation>あなたの ばんごうは %1 です。よばれるまで まって ください。</translation>
    </message>
    <message>
        <source>That is not a ticket number. Please check it and try again.</source>
        <translation>ばんごうふだの ばんごうでは ない ようです。もう いちど みて ください。</translation>
    </message>
    <message>
        <source>Ticket %1 needs no check-in. Please wait to be called.</source>
        <translation>%1 は うけつけ しなくて いいです。よばれるまで まって ください。</translation>
    </message>
    <message>
        <source>Ticket %1 is already checked in. Please wait to be called.</source>
        <translation>%1 は もう うけつけ しました。よばれるまで まって ください。</translation>
    </message>
    <message>
        <source>We could not find ticket %1 for today.</source>
        <translation>きょうの ばんごう %1 は ありませんでした。</translation>
    </message>
    <message>
        <source>Sorry, please try again or ask a member of staff.</source>
        <translation>ごめんなさい。もう いちど やるか、かかりの ひとに きいて ください。</translation>
    </message>
    <message>
        <source>Check-in for your booking opens at %1. Please come back then.</source>
        <translation>よやくの うけつけは %1 からです。その じかんに また きて ください。</translation>
    </message>
    <message>
        <source>This booking was cancelled. Please take a ticket from the home screen.</source>
        <translation>この よやくは とりけされて います。はじめの がめんから ばんごうを とって ください。</translation>
    </message>
    <message>
        <source>This booking is for another day. Please ask a member of staff.</source>
        <translation>この よやくは ほかの 日の ものです。かかりの ひとに きいて ください。</translation>
    </message>
    <message>
        <source>We could not find this booking. Please check the number.</source>
        <translation>この よやくが みつかりません。ばんごうを たしかめて ください。</translation>
    </message>
    <message>
        <source>This ticket is not valid today. Please ask a member of staff.</source>
        <translation>この ばんごうふだは きょうは つかえません。かかりの ひとに きいて ください。</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Connection problem: the numbers shown may be out of date.</source>
        <translation>いま つながりにくいです。にんずうが ただしく ないかも しれません。</translation>
    </message>
    <message>
        <source>Ticket issuing is paused for now. Please ask a member of staff.</source>
        <translation>いま ばんごうふだを とめて います。かかりの ひとに きいて ください。</translation>
    </message>
</context>
<context>
    <name>LanguageBar</name>
    <message>
        <source> (selected)</source>
        <translation>（えらんで います）</translation>
    </message>
</context>
<context>
    <name>LifeEventsScreen</name>
    <message>
        <source>Not sure</source>
        <translation>わからない</translation>
    </message>
    <message>
        <source>What happened?</source>
        <translation>なにが ありましたか？</translation>
    </message>
    <message>
        <source>Choose one. A few yes/no questions follow, then you get one ticket that takes you through every section.</source>
        <translation>ひとつ えらんで ください。「はい・いいえ」の しつもんの あと、ぜんぶの まどぐちで つかえる ばんごうふだが 1まい でます。</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← もどる</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>No</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>しつもん %1 / %2</translation>
    </message>
    <message>
        <source>Your route</source>
        <translation>いく まどぐちの じゅんばん</translation>
    </message>
    <message>
        <source>One ticket for all of these, in this order. Each section calls the same number.</source>
        <translation>この じゅんばんで てつづき します。ばんごうふだは 1まいです。どの まどぐちでも おなじ ばんごうで よばれます。</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>ばんごうふだを だす</translation>
    </message>
    <message>
        <source>Not possible today: %1. Please ask at the counter.</source>
        <translation>きょうは できません：%1。まどぐちで きいて ください。</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Not printed: take a photo of this screen or scan the QR code</source>
        <translation>かみが でません。この がめんの しゃしんを とるか、QRコードを よんで ください</translation>
    </message>
    <message>
        <source>Your number: take a photo of this screen or scan the QR code</source>
        <translation>ばんごうを おぼえて ください。この がめんの しゃしんを とるか、QRコードを よんで ください</translation>
    </message>
    <message>
        <source>You came after your booked time (%1), so this is a normal ticket. Thank you for waiting.</source>
        <translation>よやくの じかん（%1）を すぎたので、ふつうの じゅんばんの ばんごうに なりました。すこし まって ください。</translation>
    </message>
    <message>
        <source>Booking checked in: you will be called from %1.</source>
        <translation>よやくの うけつけが できました。%1 から よびます。</translation>
    </message>
    <message>
        <source>Printing your ticket …</source>
        <translation>ばんごうふだを だして います…</translation>
    </message>
    <message>
        <source>Please take your ticket from the slot below.</source>
        <translation>したから ばんごうふだを とって ください。</translation>
    </message>
    <message>
        <source>Please note your number, or scan the QR code with your phone.</source>
        <translation>ばんごうを おぼえるか、スマホで QRコードを よんで ください。</translation>
    </message>
    <message>
        <source>Sorry, the printer is out of paper.</source>
        <translation>ごめんなさい。かみが ありません。</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be printed.</source>
        <translation>ごめんなさい。ばんごうふだを だせませんでした。</translation>
    </message>
    <message>
        <source>Your number is valid: remember it or scan the QR code. Staff have been told.</source>
        <translation>ばんごうは つかえます。ばんごうを おぼえるか、QRコードを よんで ください。かかりの ひとには しらせました。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>おわり</translation>
    </message>
    <message>
        <source>Your ticket</source>
        <translation>あなたの ばんごうふだ</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>あなたの ばんごう</translation>
    </message>
    <message>
        <source>You are next</source>
        <translation>つぎは あなたです</translation>
    </message>
    <message>
        <source>Estimated wait: %1</source>
        <translation>まつ じかん：%1</translation>
    </message>
    <message>
        <source>Your route:</source>
        <translation>じゅんばん：</translation>
    </message>
    <message>
        <source>Scan with your phone to see your turn</source>
        <translation>スマホで よむと いまの じゅんばんが わかります</translation>
    </message>
    <message>
        <source>Please come back before your number is called.</source>
        <translation>ばんごうが よばれる まえに もどって ください</translation>
    </message>
</context>
<context>
    <name>UnavailableScreen</name>
    <message>
        <source>Sorry, tickets cannot be issued right now</source>
        <translation>ごめんなさい。いま ばんごうふだが でません</translation>
    </message>
    <message>
        <source>Please ask a member of staff. This machine keeps trying to reconnect.</source>
        <translation>かかりの ひとに こえを かけて ください。この きかいは もういちど つなごうと して います。</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>%1 waiting</source>
        <translation>あと %1にん</translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation>いまは できません</translation>
    </message>
</context>
</TS>
