<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ne_NP" sourcelanguage="en_US">
<context>
    <name>AlternativeScreen</name>
    <message>
        <source>Printing the guide …</source>
        <translation>जानकारी छापिँदै छ…</translation>
    </message>
    <message>
        <source>Please take the printed guide from the slot below.</source>
        <translation>कृपया तलबाट छापिएको जानकारी लिनुहोस्।</translation>
    </message>
    <message>
        <source>Sorry, the guide could not be printed. Please scan the QR code or take a photo.</source>
        <translation>माफ गर्नुहोस्, जानकारी छाप्न सकिएन। QR कोड स्क्यान गर्नुहोस् वा फोटो खिच्नुहोस्।</translation>
    </message>
    <message>
        <source>Please scan the QR code or take a photo of this screen.</source>
        <translation>QR कोड स्क्यान गर्नुहोस् वा यो स्क्रिनको फोटो खिच्नुहोस्।</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>सकियो</translation>
    </message>
</context>
<context>
    <name>AssistanceScreen</name>
    <message>
        <source>I use a wheelchair</source>
        <translation>म ह्वीलचेयर प्रयोग गर्छु</translation>
    </message>
    <message>
        <source>I cannot hear the call well (staff will come to you)</source>
        <translation>मलाई बोलाएको राम्रो सुनिँदैन (कर्मचारी तपाईंकहाँ आउनुहुन्छ)</translation>
    </message>
    <message>
        <source>I cannot see well</source>
        <translation>मलाई राम्रो देखिँदैन</translation>
    </message>
    <message>
        <source>I am pregnant</source>
        <translation>म गर्भवती छु</translation>
    </message>
    <message>
        <source>I am with a baby or small child</source>
        <translation>म बच्चा वा साना केटाकेटीसँग छु</translation>
    </message>
    <message>
        <source>I need an interpreter</source>
        <translation>मलाई दोभाषे चाहिन्छ</translation>
    </message>
    <message>
        <source>Do you need help?</source>
        <translation>तपाईंलाई सहयोग चाहिन्छ?</translation>
    </message>
    <message>
        <source>Choose all that apply, then press OK.</source>
        <translation>लागू हुने सबै छान्नुहोस्, अनि OK थिच्नुहोस्।</translation>
    </message>
    <message>
        <source>Only the staff at the counter see this. It is not printed or shown in the hall.</source>
        <translation>यो काउन्टरका कर्मचारीले मात्र देख्छन्। यो छापिँदैन, हलमा देखाइँदैन।</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>छानिएको</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>ठीक छ</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>सबै हटाउनुहोस्</translation>
    </message>
</context>
<context>
    <name>CertificatesScreen</name>
    <message>
        <source>One copy less: %1, now %2</source>
        <translation>एक प्रति घटाउनुहोस्: %1, अहिले %2</translation>
    </message>
    <message>
        <source>One copy more: %1, now %2</source>
        <translation>एक प्रति थप्नुहोस्: %1, अहिले %2</translation>
    </message>
    <message>
        <source>Chosen: %1, %2</source>
        <translation>छानिएको: %1, %2</translation>
    </message>
    <message>
        <source>Nothing chosen yet</source>
        <translation>अहिलेसम्म केही छानिएको छैन</translation>
    </message>
    <message>
        <source>Press + to add copies</source>
        <translation>प्रति थप्न + थिच्नुहोस्</translation>
    </message>
    <message>
        <source>Which certificates do you need?</source>
        <translation>तपाईंलाई कुन प्रमाणपत्र चाहिन्छ?</translation>
    </message>
    <message>
        <source>Press + for each copy you need. You will not fill in a form: the counter sees your choice.</source>
        <translation>चाहिने हरेक प्रतिका लागि + थिच्नुहोस्। फारम भर्नु पर्दैन: काउन्टरले तपाईंको छनोट देख्छ।</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← फिर्ता</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>टिकट लिनुहोस्</translation>
    </message>
</context>
<context>
    <name>CheckinScreen</name>
    <message>
        <source>Got a ticket online or a booking?</source>
        <translation>अनलाइन टिकट वा बुकिङ छ?</translation>
    </message>
    <message>
        <source>Hold the QR code on your phone to the reader, or type your ticket number (for example W012) or your 8-digit booking number.</source>
        <translation>फोनको QR कोड रिडरमा देखाउनुहोस्, वा टिकट नम्बर (जस्तै W012) वा ८ अङ्कको बुकिङ नम्बर टाइप गर्नुहोस्।</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>टिकट नम्बर</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>मेटाउनुहोस्</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>सबै मेटाउनुहोस्</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← फिर्ता</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>चेक इन गर्नुहोस्</translation>
    </message>
</context>
<context>
    <name>ClosedScreen</name>
    <message>
        <source>Sorry, we are closed now</source>
        <translation>माफ गर्नुहोस्, अहिले बन्द छ</translation>
    </message>
    <message>
        <source>Tickets from: %1</source>
        <translation>अर्को पटक खुल्ने: %1</translation>
    </message>
    <message>
        <source>Please check the opening days on the ward office website.</source>
        <translation>खुल्ने दिन वडा कार्यालयको वेबसाइटमा हेर्नुहोस्।</translation>
    </message>
    <message>
        <source>Weekdays %1–%2</source>
        <translation>सोमबार–शुक्रबार %1–%2</translation>
    </message>
    <message>
        <source>Saturdays (week %3 of the month) %1–%2</source>
        <translation>महिनाको %3 हप्ताको शनिबार %1–%2</translation>
    </message>
    <message>
        <source>Closed on Sundays and public holidays</source>
        <translation>आइतबार र सार्वजनिक बिदामा बन्द</translation>
    </message>
    <message>
        <source>Closed for the New Year: 29 Dec – 3 Jan</source>
        <translation>नयाँ वर्ष बिदा: डिसेम्बर २९ – जनवरी ३</translation>
    </message>
    <message>
        <source>You can check waiting times on your phone: %1</source>
        <translation>पर्खाइ समय फोनमा हेर्न सकिन्छ: %1</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Not sure? Information desk</source>
        <translation>थाहा छैन? सोधपुछ</translation>
    </message>
    <message>
        <source>We will tell you where to go</source>
        <translation>कहाँ जाने भनेर हामी बताउँछौं</translation>
    </message>
    <message>
        <source>Online ticket or booking? Check in here</source>
        <translation>अनलाइन टिकट वा बुकिङ? यहाँ चेक-इन गर्नुहोस्</translation>
    </message>
    <message>
        <source>Staff only (PIN)</source>
        <translation>कर्मचारी मात्र (PIN)</translation>
    </message>
    <message>
        <source>Moving, birth, marriage, death</source>
        <translation>बसाइँसराइ, जन्म, विवाह, मृत्यु</translation>
    </message>
    <message>
        <source>Answer a few questions: one ticket for every section</source>
        <translation>केही प्रश्नको उत्तर दिनुहोस्: सबै शाखाका लागि एउटै टिकट</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>प्रमाणपत्र</translation>
    </message>
    <message>
        <source>Choose documents and copies</source>
        <translation>कागजात र प्रति छान्नुहोस्</translation>
    </message>
    <message>
        <source>Please choose what you came for</source>
        <translation>तपाईं केका लागि आउनुभयो, छान्नुहोस्</translation>
    </message>
    <message>
        <source>Touch a button. Your numbered ticket comes out right away.</source>
        <translation>बटन छुनुहोस्। तपाईंको टिकट तुरुन्तै निस्कन्छ।</translation>
    </message>
    <message>
        <source>✓ Help requested (%1) — change</source>
        <translation>✓ सहयोग माग गरियो (%1) — परिवर्तन</translation>
    </message>
    <message>
        <source>Need help? Wheelchair, hearing, interpreter …</source>
        <translation>सहयोग चाहिन्छ? ह्वीलचेयर, सुनाइ, दोभाषे…</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <source>One moment please …</source>
        <translation>कृपया एकछिन पर्खनुहोस्…</translation>
    </message>
    <message>
        <source>It is busy right now. Please wait a moment …</source>
        <translation>अहिले व्यस्त छ। कृपया एकछिन पर्खनुहोस्…</translation>
    </message>
    <message>
        <source>Please choose at least one certificate.</source>
        <translation>कम्तीमा एउटा प्रमाणपत्र छान्नुहोस्।</translation>
    </message>
    <message>
        <source>It is busy right now. Trying again …</source>
        <translation>अहिले व्यस्त छ। फेरि प्रयास गर्दै…</translation>
    </message>
    <message>
        <source>Sorry, no ticket: %1</source>
        <translation>माफ गर्नुहोस्, टिकट छैन: %1</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be issued. Please try again or ask a member of staff.</source>
        <translation>माफ गर्नुहोस्, टिकट निकाल्न सकिएन। फेरि प्रयास गर्नुहोस् वा कर्मचारीलाई सोध्नुहोस्।</translation>
    </message>
    <message>
        <source>Sorry, tickets cannot be issued right now. Please see a member of staff.</source>
        <translation>माफ गर्नुहोस्, अहिले टिकट निकाल्न सकिँदैन। कृपया कर्मचारीलाई सोध्नुहोस्।</translation>
    </message>
    <message>
        <source>Your number is %1. Please wait to be called.</source>
        <translation>तपाईंको नम्बर %1 हो। बोलाउन्जेल पर्खनुहोस्।</translation>
    </message>
    <message>
        <source>That is not a ticket number. Please check it and try again.</source>
        <translation>यो टिकट नम्बर होइन। जाँचेर फेरि प्रयास गर्नुहोस्।</translation>
    </message>
    <message>
        <source>Ticket %1 needs no check-in. Please wait to be called.</source>
        <translation>टिकट %1 लाई चेक इन चाहिँदैन। बोलाउन्जेल पर्खनुहोस्।</translation>
    </message>
    <message>
        <source>Ticket %1 is already checked in. Please wait to be called.</source>
        <translation>टिकट %1 पहिले नै चेक इन भइसक्यो। बोलाउन्जेल पर्खनुहोस्।</translation>
    </message>
    <message>
        <source>We could not find ticket %1 for today.</source>
        <translation>आजको टिकट %1 भेटिएन।</translation>
    </message>
    <message>
        <source>Sorry, please try again or ask a member of staff.</source>
        <translation>माफ गर्नुहोस्, फेरि प्रयास गर्नुहोस् वा कर्मचारीलाई सोध्नुहोस्।</translation>
    </message>
    <message>
        <source>Check-in for your booking opens at %1. Please come back then.</source>
        <translation>तपाईंको बुकिङको चेक-इन %1 मा खुल्छ। त्यतिबेला फेरि आउनुहोस्।</translation>
    </message>
    <message>
        <source>This booking was cancelled. Please take a ticket from the home screen.</source>
        <translation>यो बुकिङ रद्द गरिएको छ। मुख्य स्क्रिनबाट टिकट लिनुहोस्।</translation>
    </message>
    <message>
        <source>This booking is for another day. Please ask a member of staff.</source>
        <translation>यो बुकिङ अर्को दिनको हो। कर्मचारीलाई सोध्नुहोस्।</translation>
    </message>
    <message>
        <source>We could not find this booking. Please check the number.</source>
        <translation>यो बुकिङ फेला परेन। नम्बर जाँच गर्नुहोस्।</translation>
    </message>
    <message>
        <source>This ticket is not valid today. Please ask a member of staff.</source>
        <translation>यो टिकट आज मान्य छैन। कृपया कर्मचारीलाई सोध्नुहोस्।</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Connection problem: the numbers shown may be out of date.</source>
        <translation>जडान समस्या: देखाइएका संख्या पुराना हुन सक्छन्।</translation>
    </message>
    <message>
        <source>Ticket issuing is paused for now. Please ask a member of staff.</source>
        <translation>टिकट दिन अहिले रोकिएको छ। कृपया कर्मचारीलाई सोध्नुहोस्।</translation>
    </message>
</context>
<context>
    <name>LanguageBar</name>
    <message>
        <source> (selected)</source>
        <translation> (छानिएको)</translation>
    </message>
</context>
<context>
    <name>LifeEventsScreen</name>
    <message>
        <source>Not sure</source>
        <translation>थाहा छैन</translation>
    </message>
    <message>
        <source>What happened?</source>
        <translation>के भयो?</translation>
    </message>
    <message>
        <source>Choose one. A few yes/no questions follow, then you get one ticket that takes you through every section.</source>
        <translation>एउटा छान्नुहोस्। केही हो/होइन प्रश्नपछि सबै शाखामा चल्ने एउटै टिकट पाउनुहुन्छ।</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← फिर्ता</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>हो</translation>
    </message>
    <message>
        <source>No</source>
        <translation>होइन</translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>प्रश्न %1 / %2</translation>
    </message>
    <message>
        <source>Your route</source>
        <translation>तपाईंको क्रम</translation>
    </message>
    <message>
        <source>One ticket for all of these, in this order. Each section calls the same number.</source>
        <translation>यी सबैका लागि एउटै टिकट, यही क्रममा। हरेक शाखाले एउटै नम्बर बोलाउँछ।</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>टिकट लिनुहोस्</translation>
    </message>
    <message>
        <source>Not possible today: %1. Please ask at the counter.</source>
        <translation>आज सम्भव छैन: %1। कृपया काउन्टरमा सोध्नुहोस्।</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Not printed: take a photo of this screen or scan the QR code</source>
        <translation>छापिएन: यो स्क्रिनको फोटो खिच्नुहोस् वा QR कोड स्क्यान गर्नुहोस्</translation>
    </message>
    <message>
        <source>Your number: take a photo of this screen or scan the QR code</source>
        <translation>तपाईंको नम्बर: यो स्क्रिनको फोटो खिच्नुहोस् वा QR कोड स्क्यान गर्नुहोस्</translation>
    </message>
    <message>
        <source>You came after your booked time (%1), so this is a normal ticket. Thank you for waiting.</source>
        <translation>तपाईं बुक गरिएको समय (%1) पछि आउनुभयो, त्यसैले यो सामान्य टिकट हो। पर्खनुभएकोमा धन्यवाद।</translation>
    </message>
    <message>
        <source>Booking checked in: you will be called from %1.</source>
        <translation>बुकिङ चेक-इन भयो: तपाईंलाई %1 देखि बोलाइनेछ।</translation>
    </message>
    <message>
        <source>Printing your ticket …</source>
        <translation>टिकट छापिँदै छ…</translation>
    </message>
    <message>
        <source>Please take your ticket from the slot below.</source>
        <translation>तलको ठाउँबाट आफ्नो टिकट लिनुहोस्।</translation>
    </message>
    <message>
        <source>Please note your number, or scan the QR code with your phone.</source>
        <translation>आफ्नो नम्बर टिप्नुहोस्, वा फोनले QR कोड स्क्यान गर्नुहोस्।</translation>
    </message>
    <message>
        <source>Sorry, the printer is out of paper.</source>
        <translation>माफ गर्नुहोस्, प्रिन्टरमा कागज सकियो।</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be printed.</source>
        <translation>माफ गर्नुहोस्, टिकट छाप्न सकिएन।</translation>
    </message>
    <message>
        <source>Your number is valid: remember it or scan the QR code. Staff have been told.</source>
        <translation>तपाईंको नम्बर मान्य छ: सम्झनुहोस् वा QR कोड स्क्यान गर्नुहोस्। कर्मचारीलाई खबर गरिएको छ।</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>सकियो</translation>
    </message>
    <message>
        <source>Your ticket</source>
        <translation>तपाईंको टिकट</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>टिकट नम्बर</translation>
    </message>
    <message>
        <source>You are next</source>
        <translation>अब तपाईंको पालो</translation>
    </message>
    <message>
        <source>Estimated wait: %1</source>
        <translation>अनुमानित पर्खाइ: %1</translation>
    </message>
    <message>
        <source>Your route:</source>
        <translation>क्रम:</translation>
    </message>
    <message>
        <source>Scan with your phone to see your turn</source>
        <translation>आफ्नो पालो हेर्न फोनले स्क्यान गर्नुहोस्</translation>
    </message>
    <message>
        <source>Please come back before your number is called.</source>
        <translation>कृपया तपाईंको नम्बर बोलाउनुअघि फर्कनुहोस्।</translation>
    </message>
</context>
<context>
    <name>UnavailableScreen</name>
    <message>
        <source>Sorry, tickets cannot be issued right now</source>
        <translation>माफ गर्नुहोस्, अहिले टिकट दिन सकिँदैन</translation>
    </message>
    <message>
        <source>Please ask a member of staff. This machine keeps trying to reconnect.</source>
        <translation>कृपया कर्मचारीलाई सोध्नुहोस्। यो मेसिनले फेरि जोडिन प्रयास गरिरहेको छ।</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>%1 waiting</source>
        <translation>%1 जना पर्खिरहेका</translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation>अहिले उपलब्ध छैन</translation>
    </message>
</context>
</TS>
