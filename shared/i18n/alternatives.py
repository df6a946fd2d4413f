"""Words for 行かない (issue #20): a service's alternative offered before the ticket, on the kiosk, on its printed
guide slip and on the phone's ``/issue`` page. One table, so the three say the same thing in every language.

The alternative's own text, what the visitor needs and its address come from the office profile
(``[[services.alternatives]]``); these are the words around them. Keys ending in a kind (``konbini``, ``online``,
``mail``: ``shared.config.ALTERNATIVE_KINDS``) exist for every kind.
"""

from __future__ import annotations

from shared.i18n.catalogue import Table

ALTERNATIVES = Table(
    "alternatives",
    {
        # -- the offer: a title, then two equal choices ---------------------------------------------------------
        "alt_title_konbini": {
            "ja": "コンビニでも取れます",
            "ja_easy": "コンビニでも とれます",
            "en": "You can also get this at a convenience store",
            "zh_hans": "也可以在便利店领取",
            "ko": "편의점에서도 받을 수 있습니다",
            "vi": "Bạn cũng có thể lấy tại cửa hàng tiện lợi",
            "tl": "Makukuha mo rin ito sa convenience store",
            "ne": "यो कन्भिनियन्स स्टोरमा पनि लिन सकिन्छ",
            "pt": "Você também pode obter numa loja de conveniência",
        },
        "alt_title_online": {
            "ja": "オンラインでもできます",
            "ja_easy": "インターネットでも できます",
            "en": "You can also do this online",
            "zh_hans": "也可以在线办理",
            "ko": "온라인으로도 할 수 있습니다",
            "vi": "Bạn cũng có thể làm trực tuyến",
            "tl": "Magagawa mo rin ito online",
            "ne": "यो अनलाइन पनि गर्न सकिन्छ",
            "pt": "Você também pode fazer isto online",
        },
        "alt_title_mail": {
            "ja": "郵送でも請求できます",
            "ja_easy": "ゆうびんでも たのめます",
            "en": "You can also ask for this by post",
            "zh_hans": "也可以邮寄申请",
            "ko": "우편으로도 청구할 수 있습니다",
            "vi": "Bạn cũng có thể yêu cầu qua bưu điện",
            "tl": "Maaari mo rin itong hilingin sa koreo",
            "ne": "यो हुलाकबाट पनि माग्न सकिन्छ",
            "pt": "Você também pode pedir pelo correio",
        },
        "alt_take_konbini": {
            "ja": "コンビニで取る",
            "ja_easy": "コンビニで とる",
            "en": "Get it at a convenience store",
            "zh_hans": "去便利店领取",
            "ko": "편의점에서 받기",
            "vi": "Lấy tại cửa hàng tiện lợi",
            "tl": "Kunin sa convenience store",
            "ne": "कन्भिनियन्स स्टोरमा लिने",
            "pt": "Obter na loja de conveniência",
        },
        "alt_take_online": {
            "ja": "オンラインで手続きする",
            "ja_easy": "インターネットで する",
            "en": "Do it online",
            "zh_hans": "在线办理",
            "ko": "온라인으로 하기",
            "vi": "Làm trực tuyến",
            "tl": "Gawin online",
            "ne": "अनलाइन गर्ने",
            "pt": "Fazer online",
        },
        "alt_take_mail": {
            "ja": "郵送で請求する",
            "ja_easy": "ゆうびんで たのむ",
            "en": "Ask by post",
            "zh_hans": "邮寄申请",
            "ko": "우편으로 청구하기",
            "vi": "Yêu cầu qua bưu điện",
            "tl": "Hilingin sa koreo",
            "ne": "हुलाकबाट माग्ने",
            "pt": "Pedir pelo correio",
        },
        "alt_counter_documents": {
            "ja": "窓口で受け取る",
            "ja_easy": "まどぐちで もらう",
            "en": "Get it at the counter",
            "zh_hans": "在窗口领取",
            "ko": "창구에서 받기",
            "vi": "Nhận tại quầy",
            "tl": "Kunin sa counter",
            "ne": "काउन्टरमा लिने",
            "pt": "Receber no guichê",
        },
        "alt_counter_service": {
            "ja": "窓口で手続きする",
            "ja_easy": "まどぐちで する",
            "en": "Do it at the counter",
            "zh_hans": "在窗口办理",
            "ko": "창구에서 하기",
            "vi": "Làm tại quầy",
            "tl": "Gawin sa counter",
            "ne": "काउन्टरमा गर्ने",
            "pt": "Fazer no guichê",
        },
        "alt_either": {
            "ja": "どちらを選んでもかまいません。",
            "ja_easy": "どちらを えらんでも だいじょうぶです。",
            "en": "Either choice is fine.",
            "zh_hans": "选哪一个都可以。",
            "ko": "어느 쪽을 선택해도 괜찮습니다.",
            "vi": "Chọn cách nào cũng được.",
            "tl": "Ayos lang ang alinmang pipiliin.",
            "ne": "जुनसुकै रोज्दा पनि ठीक छ।",
            "pt": "Qualquer opção está bem.",
        },
        # -- the details: what is needed, when, where to read more -----------------------------------------------
        "alt_needs": {
            "ja": "必要なもの",
            "ja_easy": "いる もの",
            "en": "You need",
            "zh_hans": "所需物品",
            "ko": "필요한 것",
            "vi": "Cần mang theo",
            "tl": "Kailangan mo",
            "ne": "चाहिने कुरा",
            "pt": "Você precisa de",
        },
        "alt_hours": {
            "ja": "利用できる時間　{start}〜{end}",
            "ja_easy": "つかえる じかん　{start}〜{end}",
            "en": "Available {start}–{end}",
            "zh_hans": "可用时间　{start}〜{end}",
            "ko": "이용 시간　{start}~{end}",
            "vi": "Thời gian sử dụng: {start}–{end}",
            "tl": "Bukas mula {start} hanggang {end}",
            "ne": "उपलब्ध समय: {start}–{end}",
            "pt": "Disponível das {start} às {end}",
        },
        "alt_anytime": {
            "ja": "24時間いつでも利用できます",
            "ja_easy": "いつでも つかえます",
            "en": "Available at any time",
            "zh_hans": "24小时均可使用",
            "ko": "24시간 언제든지 이용할 수 있습니다",
            "vi": "Có thể sử dụng bất cứ lúc nào",
            "tl": "Magagamit anumang oras",
            "ne": "जुनसुकै बेला उपलब्ध",
            "pt": "Disponível a qualquer hora",
        },
        "alt_scan": {
            "ja": "読み取ると、くわしい案内が見られます",
            "ja_easy": "スマホで よむと、くわしい あんないが みられます",
            "en": "Scan for the full guide",
            "zh_hans": "扫码查看详细说明",
            "ko": "스캔하면 자세한 안내를 볼 수 있습니다",
            "vi": "Quét mã để xem hướng dẫn chi tiết",
            "tl": "I-scan para sa buong gabay",
            "ne": "पूरा जानकारीका लागि स्क्यान गर्नुहोस्",
            "pt": "Escaneie para ver o guia completo",
        },
        # -- after choosing the alternative: how to do it, and that no ticket was issued --------------------------
        "alt_howto_konbini": {
            "ja": "コンビニのマルチコピー機で「行政サービス」を選び、マイナンバーカードを置いて、画面の案内に従ってください。",
            "ja_easy": "コンビニの コピーきで「ぎょうせい サービス」を えらび、マイナンバーカードを おいて ください。",
            "en": "At the store's multi-copy machine, choose 'Government services', place your My Number Card on it "
            "and follow the screen.",
            "zh_hans": "在便利店的多功能复印机上选择「行政服务」，放上个人编号卡，按照屏幕提示操作。",
            "ko": "편의점 멀티 복사기에서 「행정 서비스」를 선택하고 마이넘버 카드를 올려놓은 뒤 화면 안내에 따라 주세요.",
            "vi": "Tại máy photocopy đa năng của cửa hàng, chọn 'Dịch vụ hành chính', đặt thẻ My Number lên và làm "
            "theo màn hình.",
            "tl": "Sa multi-copy machine ng tindahan, piliin ang 'Government services', ilagay ang My Number Card at "
            "sundin ang screen.",
            "ne": "स्टोरको मल्टि-कपी मेसिनमा 'सरकारी सेवा' छान्नुहोस्, माइनम्बर कार्ड राख्नुहोस् र स्क्रिनको निर्देशन "
            "पालना गर्नुहोस्।",
            "pt": "Na máquina multicópia da loja, escolha 'Serviços administrativos', coloque o Cartão My Number e "
            "siga a tela.",
        },
        "alt_howto_online": {
            "ja": "スマートフォンでQRコードを読み取り、マイナンバーカードで手続きしてください。",
            "ja_easy": "スマホで QRコードを よんで、マイナンバーカードで して ください。",
            "en": "Scan the QR code with your smartphone and complete it with your My Number Card.",
            "zh_hans": "请用智能手机扫描二维码，使用个人编号卡办理。",
            "ko": "스마트폰으로 QR코드를 스캔하고 마이넘버 카드로 수속해 주세요.",
            "vi": "Quét mã QR bằng điện thoại và hoàn tất bằng thẻ My Number.",
            "tl": "I-scan ang QR code gamit ang smartphone at tapusin gamit ang My Number Card.",
            "ne": "स्मार्टफोनले QR कोड स्क्यान गर्नुहोस् र माइनम्बर कार्डबाट पूरा गर्नुहोस्।",
            "pt": "Escaneie o código QR com o smartphone e conclua com o Cartão My Number.",
        },
        "alt_howto_mail": {
            "ja": "QRコードの案内にそって、請求書を郵送してください。",
            "ja_easy": "QRコードの あんないを みて、ゆうびんで おくって ください。",
            "en": "Follow the guide behind the QR code and send the request form by post.",
            "zh_hans": "请按照二维码中的说明，邮寄申请书。",
            "ko": "QR코드의 안내에 따라 청구서를 우편으로 보내 주세요.",
            "vi": "Làm theo hướng dẫn trong mã QR và gửi đơn yêu cầu qua bưu điện.",
            "tl": "Sundin ang gabay sa QR code at ipadala ang request form sa koreo.",
            "ne": "QR कोडको निर्देशन अनुसार अनुरोध फारम हुलाकबाट पठाउनुहोस्।",
            "pt": "Siga o guia do código QR e envie o formulário pelo correio.",
        },
        "alt_no_ticket": {
            "ja": "番号札は発券していません。窓口を使うときは、もう一度はじめから選んでください。",
            "ja_easy": "ばんごうの かみは でて いません。まどぐちに いく ときは、もう いちど えらんで ください。",
            "en": "No ticket was issued. If you want the counter after all, choose again from the start.",
            "zh_hans": "没有发放号码票。如需在窗口办理，请从头重新选择。",
            "ko": "번호표는 발급되지 않았습니다. 창구를 이용하려면 처음부터 다시 선택해 주세요.",
            "vi": "Chưa cấp số thứ tự. Nếu muốn đến quầy, hãy chọn lại từ đầu.",
            "tl": "Walang tiket na inilabas. Kung gusto mo pa rin sa counter, pumili muli mula sa simula.",
            "ne": "टोकन जारी गरिएको छैन। काउन्टर नै चाहिएमा सुरुबाट फेरि छान्नुहोस्।",
            "pt": "Nenhuma senha foi emitida. Se preferir o guichê, escolha de novo desde o início.",
        },
    },
)


def alt_text(key: str, lang: str, **kw: object) -> str:
    """One of the alternative words in ``lang`` (Japanese if the language lacks it)."""
    return ALTERNATIVES.text(key, lang, **kw)
