<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="en_US">
<context>
    <name>AlternativeScreen</name>
    <message>
        <source>Printing the guide …</source>
        <translation>案内を印刷しています…</translation>
    </message>
    <message>
        <source>Please take the printed guide from the slot below.</source>
        <translation>下の取り出し口から案内をお取りください。</translation>
    </message>
    <message>
        <source>Sorry, the guide could not be printed. Please scan the QR code or take a photo.</source>
        <translation>申し訳ありません。案内を印刷できませんでした。QRコードを読み取るか、写真を撮ってください。</translation>
    </message>
    <message>
        <source>Please scan the QR code or take a photo of this screen.</source>
        <translation>QRコードを読み取るか、この画面の写真を撮ってください。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
</context>
<context>
    <name>AssistanceScreen</name>
    <message>
        <source>I use a wheelchair</source>
        <translation>車いすを使っています</translation>
    </message>
    <message>
        <source>I cannot hear the call well (staff will come to you)</source>
        <translation>呼び出しが聞こえにくい（係員がお迎えに行きます）</translation>
    </message>
    <message>
        <source>I cannot see well</source>
        <translation>目が見えにくい</translation>
    </message>
    <message>
        <source>I am pregnant</source>
        <translation>妊娠中です</translation>
    </message>
    <message>
        <source>I am with a baby or small child</source>
        <translation>赤ちゃん・小さな子どもと一緒です</translation>
    </message>
    <message>
        <source>I need an interpreter</source>
        <translation>通訳が必要です</translation>
    </message>
    <message>
        <source>Do you need help?</source>
        <translation>お手伝いが必要ですか？</translation>
    </message>
    <message>
        <source>Choose all that apply, then press OK.</source>
        <translation>あてはまるものをすべて選んで「OK」を押してください。</translation>
    </message>
    <message>
        <source>Only the staff at the counter see this. It is not printed or shown in the hall.</source>
        <translation>この内容は窓口の係員だけに伝わります。番号札やロビーの画面には出ません。</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>選択中</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>選択をやめる</translation>
    </message>
</context>
<context>
    <name>CertificatesScreen</name>
    <message>
        <source>One copy less: %1, now %2</source>
        <translation>1通減らす：%1、現在 %2</translation>
    </message>
    <message>
        <source>One copy more: %1, now %2</source>
        <translation>1通増やす：%1、現在 %2</translation>
    </message>
    <message>
        <source>Chosen: %1, %2</source>
        <translation>選択中：%1 %2</translation>
    </message>
    <message>
        <source>Nothing chosen yet</source>
        <translation>まだ選ばれていません</translation>
    </message>
    <message>
        <source>Press + to add copies</source>
        <translation>＋を押すと通数が増えます</translation>
    </message>
    <message>
        <source>Which certificates do you need?</source>
        <translation>必要な証明書と通数を選んでください</translation>
    </message>
    <message>
        <source>Press + for each copy you need. You will not fill in a form: the counter sees your choice.</source>
        <translation>必要な通数だけ＋を押してください。申請書を書く必要はありません。選んだ内容は窓口に伝わります。</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← 戻る</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>番号札を発券する</translation>
    </message>
</context>
<context>
    <name>CheckinScreen</name>
    <message>
        <source>Got a ticket online or a booking?</source>
        <translation>インターネットで番号札を取った方・来庁予約の方</translation>
    </message>
    <message>
        <source>Hold the QR code on your phone to the reader, or type your ticket number (for example W012) or your 8-digit booking number.</source>
        <translation>スマートフォンのQRコードを読み取り機にかざすか、番号札の番号（例：W012）または8けたの予約番号を入力してください。</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>受付番号</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>1字消す</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>クリア</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← 戻る</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>受付する</translation>
    </message>
</context>
<context>
    <name>ClosedScreen</name>
    <message>
        <source>Sorry, we are closed now</source>
        <translation>ただいま受付時間外です</translation>
    </message>
    <message>
        <source>Tickets from: %1</source>
        <translation>次の受付開始：%1</translation>
    </message>
    <message>
        <source>Please check the opening days on the ward office website.</source>
        <translation>開庁日は区役所のホームページでご確認ください。</translation>
    </message>
    <message>
        <source>Weekdays %1–%2</source>
        <translation>平日 %1〜%2</translation>
    </message>
    <message>
        <source>Saturdays (week %3 of the month) %1–%2</source>
        <translation>第%3土曜日 %1〜%2</translation>
    </message>
    <message>
        <source>Closed on Sundays and public holidays</source>
        <translation>日曜日・祝日は休みです</translation>
    </message>
    <message>
        <source>Closed for the New Year: 29 Dec – 3 Jan</source>
        <translation>年末年始（12月29日〜1月3日）は休みです</translation>
    </message>
    <message>
        <source>You can check waiting times on your phone: %1</source>
        <translation>待ち状況はスマートフォンでも確認できます：%1</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Not sure? Information desk</source>
        <translation>わからない方・ご案内</translation>
    </message>
    <message>
        <source>We will tell you where to go</source>
        <translation>どの窓口へ行けばよいかご案内します</translation>
    </message>
    <message>
        <source>Online ticket or booking? Check in here</source>
        <translation>インターネットで番号札を取った方・予約の方はこちら</translation>
    </message>
    <message>
        <source>Staff only (PIN)</source>
        <translation>職員用（暗証番号）</translation>
    </message>
    <message>
        <source>Moving, birth, marriage, death</source>
        <translation>引越し・出生・結婚・死亡などの手続き</translation>
    </message>
    <message>
        <source>Answer a few questions: one ticket for every section</source>
        <translation>いくつかの質問に答えると、1枚の番号札でまとめて手続きできます</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>証明書</translation>
    </message>
    <message>
        <source>Choose documents and copies</source>
        <translation>必要な証明書と通数を選べます</translation>
    </message>
    <message>
        <source>Please choose what you came for</source>
        <translation>ご用件をお選びください</translation>
    </message>
    <message>
        <source>Touch a button. Your numbered ticket comes out right away.</source>
        <translation>ボタンにふれると、すぐに番号札が出ます。</translation>
    </message>
    <message>
        <source>✓ Help requested (%1) — change</source>
        <translation>✓ お手伝いの希望あり（%1件）— 変更する</translation>
    </message>
    <message>
        <source>Need help? Wheelchair, hearing, interpreter …</source>
        <translation>お手伝いが必要な方（車いす・耳・通訳など）</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <source>One moment please …</source>
        <translation>少々お待ちください…</translation>
    </message>
    <message>
        <source>It is busy right now. Please wait a moment …</source>
        <translation>ただいま混み合っています。少々お待ちください…</translation>
    </message>
    <message>
        <source>Please choose at least one certificate.</source>
        <translation>証明書を1つ以上選んでください。</translation>
    </message>
    <message>
        <source>It is busy right now. Trying again …</source>
        <translation>ただいま混み合っています。もう一度試しています…</translation>
    </message>
    <message>
        <source>Sorry, no ticket: %1</source>
        <translation>申し訳ありません。発券できません：%1</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be issued. Please try again or ask a member of staff.</source>
        <translation>申し訳ありません。番号札を発券できませんでした。もう一度お試しいただくか、係員にお声がけください。</translation>
    </message>
    <message>
        <source>Sorry, tickets cannot be issued right now. Please see a member of staff.</source>
        <translation>申し訳ありません。ただいま番号札を発券できません。係員にお声がけください。</translation>
    </message>
    <message>
        <source>Your number is %1. Please wait to be called.</source>
        <translation>あなたの番号は %1 です。お呼び出しまでお待ちください。</translation>
    </message>
    <message>
        <source>That is not a ticket number. Please check it and try again.</source>
        <translation>番号札の番号ではないようです。確認してもう一度お試しください。</translation>
    </message>
    <message>
        <source>Ticket %1 needs no check-in. Please wait to be called.</source>
        <translation>%1 は受付の必要はありません。お呼び出しまでお待ちください。</translation>
    </message>
    <message>
        <source>Ticket %1 is already checked in. Please wait to be called.</source>
        <translation>%1 は受付済みです。お呼び出しまでお待ちください。</translation>
    </message>
    <message>
        <source>We could not find ticket %1 for today.</source>
        <translation>本日の番号 %1 は見つかりませんでした。</translation>
    </message>
    <message>
        <source>Sorry, please try again or ask a member of staff.</source>
        <translation>申し訳ありません。もう一度お試しいただくか、係員にお声がけください。</translation>
    </message>
    <message>
        <source>Check-in for your booking opens at %1. Please come back then.</source>
        <translation>ご予約の受付は %1 からです。その時間にもう一度お越しください。</translation>
    </message>
    <message>
        <source>This booking was cancelled. Please take a ticket from the home screen.</source>
        <translation>この予約は取り消されています。最初の画面から番号札をお取りください。</translation>
    </message>
    <message>
        <source>This booking is for another day. Please ask a member of staff.</source>
        <translation>この予約は別の日のものです。係員にお声がけください。</translation>
    </message>
    <message>
        <source>We could not find this booking. Please check the number.</source>
        <translation>この予約が見つかりません。番号をお確かめください。</translation>
    </message>
    <message>
        <source>This ticket is not valid today. Please ask a member of staff.</source>
        <translation>この番号札は本日は使えません。係員にお声がけください。</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Connection problem: the numbers shown may be out of date.</source>
        <translation>通信に問題があります。表示中の人数は古い可能性があります。</translation>
    </message>
    <message>
        <source>Ticket issuing is paused for now. Please ask a member of staff.</source>
        <translation>ただいま発券を停止しています。係員にお声がけください。</translation>
    </message>
</context>
<context>
    <name>LanguageBar</name>
    <message>
        <source> (selected)</source>
        <translation>（選択中）</translation>
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
        <translation>どのお手続きですか？</translation>
    </message>
    <message>
        <source>Choose one. A few yes/no questions follow, then you get one ticket that takes you through every section.</source>
        <translation>ひとつ選んでください。「はい・いいえ」の質問のあと、すべての窓口を回れる番号札が1枚出ます。</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← 戻る</translation>
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
        <translation>質問 %1 / %2</translation>
    </message>
    <message>
        <source>Your route</source>
        <translation>お手続きの順番</translation>
    </message>
    <message>
        <source>One ticket for all of these, in this order. Each section calls the same number.</source>
        <translation>この順番で手続きします。番号札は1枚で、どの窓口でも同じ番号で呼ばれます。</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>番号札を発券する</translation>
    </message>
    <message>
        <source>Not possible today: %1. Please ask at the counter.</source>
        <translation>本日は受付できません：%1。窓口でおたずねください。</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Not printed: take a photo of this screen or scan the QR code</source>
        <translation>印刷できませんでした：この画面を撮影するか、QRコードを読み取ってください</translation>
    </message>
    <message>
        <source>Your number: take a photo of this screen or scan the QR code</source>
        <translation>番号をお控えください：この画面を撮影するか、QRコードを読み取ってください</translation>
    </message>
    <message>
        <source>You came after your booked time (%1), so this is a normal ticket. Thank you for waiting.</source>
        <translation>ご予約の時間（%1）を過ぎていたため、通常の順番の番号札になりました。お待たせしますが、よろしくお願いします。</translation>
    </message>
    <message>
        <source>Booking checked in: you will be called from %1.</source>
        <translation>予約の受付が済みました。%1 からお呼びします。</translation>
    </message>
    <message>
        <source>Printing your ticket …</source>
        <translation>番号札を印刷しています…</translation>
    </message>
    <message>
        <source>Please take your ticket from the slot below.</source>
        <translation>下の取り出し口から番号札をお取りください。</translation>
    </message>
    <message>
        <source>Please note your number, or scan the QR code with your phone.</source>
        <translation>番号を控えるか、スマートフォンでQRコードを読み取ってください。</translation>
    </message>
    <message>
        <source>Sorry, the printer is out of paper.</source>
        <translation>申し訳ありません。プリンターの用紙が切れています。</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be printed.</source>
        <translation>申し訳ありません。番号札を印刷できませんでした。</translation>
    </message>
    <message>
        <source>Your number is valid: remember it or scan the QR code. Staff have been told.</source>
        <translation>番号は有効です。番号を控えるか、QRコードを読み取ってください。係員には連絡済みです。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Your ticket</source>
        <translation>番号札をお受け取りください</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>受付番号</translation>
    </message>
    <message>
        <source>You are next</source>
        <translation>次の番です</translation>
    </message>
    <message>
        <source>Estimated wait: %1</source>
        <translation>待ち時間の目安：%1</translation>
    </message>
    <message>
        <source>Your route:</source>
        <translation>順番：</translation>
    </message>
    <message>
        <source>Scan with your phone to see your turn</source>
        <translation>スマートフォンで読み取ると呼び出し状況がわかります</translation>
    </message>
    <message>
        <source>Please come back before your number is called.</source>
        <translation>お呼び出しの順番までにお戻りください</translation>
    </message>
</context>
<context>
    <name>UnavailableScreen</name>
    <message>
        <source>Sorry, tickets cannot be issued right now</source>
        <translation>申し訳ありません。ただいま発券できません</translation>
    </message>
    <message>
        <source>Please ask a member of staff. This machine keeps trying to reconnect.</source>
        <translation>係員にお声がけください。この発券機は自動で再接続を続けています。</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>%1 waiting</source>
        <translation>あと%1人</translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation>ただいま受け付けていません</translation>
    </message>
</context>
</TS>
