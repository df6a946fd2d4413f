"""The wording of near-turn alerts in the nine kiosk languages. Numbers and counters only; never a name."""

from __future__ import annotations

from shared.i18n import Table
from shared.i18n.catalogue import Text

TEXTS: dict[str, dict[str, Text]] = {
    "subject_near": {
        "ja": "【{office}】まもなく順番です（{number}）",
        "ja_easy": "【{office}】もうすぐ あなたの ばんです（{number}）",
        "en": "[{office}] Your turn is coming up ({number})",
        "zh_hans": "【{office}】即将轮到您（{number}）",
        "ko": "【{office}】곧 순서가 됩니다（{number}）",
        "vi": "[{office}] Sắp đến lượt của bạn ({number})",
        "tl": "[{office}] Malapit na ang iyong turno ({number})",
        "ne": "[{office}] तपाईंको पालो नजिकिँदैछ ({number})",
        "pt": "[{office}] Sua vez está chegando ({number})",
    },
    "subject_called": {
        "ja": "【{office}】お呼びしています（{number}）",
        "ja_easy": "【{office}】あなたの ばんです（{number}）",
        "en": "[{office}] You are being called ({number})",
        "zh_hans": "【{office}】正在叫您的号（{number}）",
        "ko": "【{office}】호출 중입니다（{number}）",
        "vi": "[{office}] Đang gọi số của bạn ({number})",
        "tl": "[{office}] Tinatawag na kayo ({number})",
        "ne": "[{office}] तपाईंलाई बोलाइँदैछ ({number})",
        "pt": "[{office}] Estamos chamando você ({number})",
    },
    "page_near": {
        "ja": "まもなく順番です（{number}）",
        "ja_easy": "もうすぐ あなたの ばんです（{number}）",
        "en": "Your turn is coming up ({number})",
        "zh_hans": "即将轮到您（{number}）",
        "ko": "곧 순서가 됩니다（{number}）",
        "vi": "Sắp đến lượt của bạn ({number})",
        "tl": "Malapit na ang iyong turno ({number})",
        "ne": "तपाईंको पालो नजिकिँदैछ ({number})",
        "pt": "Sua vez está chegando ({number})",
    },
    "page_called": {
        "ja": "お呼びしています（{number}）",
        "ja_easy": "あなたの ばんです（{number}）",
        "en": "You are being called ({number})",
        "zh_hans": "正在叫您的号（{number}）",
        "ko": "호출 중입니다（{number}）",
        "vi": "Đang gọi số của bạn ({number})",
        "tl": "Tinatawag na kayo ({number})",
        "ne": "तपाईंलाई बोलाइँदैछ ({number})",
        "pt": "Estamos chamando você ({number})",
    },
    "ahead": {
        "ja": "受付番号 {number}（{service}）の前に、あと{n}人です。",
        "ja_easy": "ばんごう {number}（{service}）の まえに、あと {n}にん います。",
        "en": {
            "one": "Ticket {number} ({service}): {n} person ahead of you.",
            "other": "Ticket {number} ({service}): {n} people ahead of you.",
        },
        "zh_hans": "号码 {number}（{service}）：前面还有{n}人。",
        "ko": "번호 {number}（{service}）: 앞에 {n}명 남았습니다.",
        "vi": "Số {number} ({service}): còn {n} người trước bạn.",
        "tl": {
            "one": "Numero {number} ({service}): {n} tao pa ang nauuna sa iyo.",
            "other": "Numero {number} ({service}): {n} tao pa ang nauuna sa iyo.",
        },
        "ne": {
            "one": "नम्बर {number} ({service}): तपाईंभन्दा अगाडि {n} जना छन्।",
            "other": "नम्बर {number} ({service}): तपाईंभन्दा अगाडि {n} जना छन्।",
        },
        "pt": {
            "one": "Senha {number} ({service}): falta {n} pessoa antes de você.",
            "other": "Senha {number} ({service}): faltam {n} pessoas antes de você.",
        },
    },
    "minutes": {
        "ja": "順番まで、あと約{n}分の見込みです（目安）。",
        "ja_easy": "あなたの ばんまで、だいたい あと {n}ぷん です。",
        "en": "Your turn is expected in about {n} minutes (estimate).",
        "zh_hans": "预计约{n}分钟后轮到您（仅供参考）。",
        "ko": "약 {n}분 후에 순서가 될 예정입니다(예상).",
        "vi": "Dự kiến khoảng {n} phút nữa đến lượt bạn (ước tính).",
        "tl": "Inaasahang mga {n} minuto pa bago ang iyong turno (tantiya).",
        "ne": "तपाईंको पालो करिब {n} मिनेटमा आउने अनुमान छ।",
        "pt": "Sua vez deve chegar em cerca de {n} minutos (estimativa).",
    },
    "come": {
        "ja": "窓口の近くでお待ちください。",
        "ja_easy": "まどぐちの ちかくで まって ください。",
        "en": "Please wait near the counters.",
        "zh_hans": "请在窗口附近等候。",
        "ko": "창구 근처에서 기다려 주십시오.",
        "vi": "Vui lòng chờ gần quầy.",
        "tl": "Maghintay po malapit sa mga counter.",
        "ne": "कृपया काउन्टर नजिकै पर्खनुहोस्।",
        "pt": "Por favor, aguarde perto dos guichês.",
    },
    "called": {
        "ja": "受付番号 {number} をお呼びしています。{counter}番窓口へお越しください。",
        "ja_easy": "ばんごう {number} の ばんです。{counter}ばん まどぐちへ きて ください。",
        "en": "Ticket {number} is being called. Please go to counter {counter}.",
        "zh_hans": "正在叫号 {number}。请到{counter}号窗口。",
        "ko": "번호 {number}을(를) 호출하고 있습니다. {counter}번 창구로 오십시오.",
        "vi": "Đang gọi số {number}. Vui lòng đến quầy số {counter}.",
        "tl": "Tinatawag ang numero {number}. Pumunta po sa counter {counter}.",
        "ne": "नम्बर {number} बोलाइँदैछ। कृपया {counter} नम्बर काउन्टरमा जानुहोस्।",
        "pt": "Estamos chamando a senha {number}. Dirija-se ao guichê {counter}.",
    },
    "checkin": {
        "ja": "到着したら、受付機でQRコードを読み取るか番号を入力してください。受付するまではお呼びしません。",
        "ja_easy": "ついたら、うけつけきで QRコードを よみとるか、ばんごうを いれて ください。",
        "en": "When you arrive, scan the QR code or type your number at the ticket machine. "
        "We call you only after that.",
        "zh_hans": "到达后，请在取号机扫描二维码或输入号码。签到后才会叫号。",
        "ko": "도착하면 발권기에서 QR 코드를 읽히거나 번호를 입력해 주십시오. 그 후에 호출합니다.",
        "vi": "Khi đến nơi, hãy quét mã QR hoặc nhập số tại máy lấy số. Chúng tôi chỉ gọi sau đó.",
        "tl": "Pagdating, i-scan ang QR code o i-type ang numero sa ticket machine. Tatawagin ka lamang pagkatapos.",
        "ne": "आइपुगेपछि टिकट मेसिनमा QR कोड स्क्यान गर्नुहोस् वा नम्बर हाल्नुहोस्। त्यसपछि मात्र बोलाइन्छ।",
        "pt": "Ao chegar, leia o QR code ou digite o número na máquina de senhas. Só chamamos depois disso.",
    },
    "link": {
        "ja": "待ち状況: {url}",
        "ja_easy": "まちじょうきょう: {url}",
        "en": "Live status: {url}",
        "zh_hans": "等候状况：{url}",
        "ko": "대기 현황: {url}",
        "vi": "Tình trạng chờ: {url}",
        "tl": "Status ng paghihintay: {url}",
        "ne": "प्रतीक्षा स्थिति: {url}",
        "pt": "Situação da fila: {url}",
    },
    "footer": {
        "ja": "このメールは送信専用です。お知らせは手続きが終わると止まり、メールアドレスは削除されます。",
        "ja_easy": "この メールには へんしん できません。てつづきが おわると メールアドレスは けします。",
        "en": "This is a send-only address. Alerts stop when your visit ends and your address is deleted.",
        "zh_hans": "本邮件为系统自动发送，请勿回复。办理结束后将停止通知并删除邮箱地址。",
        "ko": "이 메일은 발신 전용입니다. 수속이 끝나면 알림이 멈추고 메일 주소는 삭제됩니다.",
        "vi": "Đây là địa chỉ chỉ gửi. Thông báo dừng khi bạn xong thủ tục và địa chỉ sẽ bị xóa.",
        "tl": "Send-only ang address na ito. Titigil ang abiso pagkatapos ng iyong pagbisita at buburahin ang address.",
        "ne": "यो ठेगानाबाट मात्र पठाइन्छ। काम सकिएपछि सूचना रोकिन्छ र इमेल ठेगाना मेटाइन्छ।",
        "pt": "Endereço somente de envio. Os avisos param ao fim do atendimento e o endereço é apagado.",
    },
}


ALERTS = Table("alerts", TEXTS)


def text(lang: str, key: str, n: int | None = None, **kw: object) -> str:
    """One line of an alert in ``lang`` (Japanese if the language lacks it); ``n`` picks the plural form."""
    return ALERTS.text(key, lang, n, **kw)
