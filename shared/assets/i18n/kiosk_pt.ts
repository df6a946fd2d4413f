<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en_US">
<context>
    <name>AlternativeScreen</name>
    <message>
        <source>Printing the guide …</source>
        <translation>Imprimindo o guia…</translation>
    </message>
    <message>
        <source>Please take the printed guide from the slot below.</source>
        <translation>Retire o guia impresso na abertura abaixo.</translation>
    </message>
    <message>
        <source>Sorry, the guide could not be printed. Please scan the QR code or take a photo.</source>
        <translation>Desculpe, o guia não pôde ser impresso. Escaneie o código QR ou tire uma foto.</translation>
    </message>
    <message>
        <source>Please scan the QR code or take a photo of this screen.</source>
        <translation>Escaneie o código QR ou tire uma foto desta tela.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Concluir</translation>
    </message>
</context>
<context>
    <name>AssistanceScreen</name>
    <message>
        <source>I use a wheelchair</source>
        <translation>Uso cadeira de rodas</translation>
    </message>
    <message>
        <source>I cannot hear the call well (staff will come to you)</source>
        <translation>Não ouço bem a chamada (um funcionário virá até você)</translation>
    </message>
    <message>
        <source>I cannot see well</source>
        <translation>Não enxergo bem</translation>
    </message>
    <message>
        <source>I am pregnant</source>
        <translation>Estou grávida</translation>
    </message>
    <message>
        <source>I am with a baby or small child</source>
        <translation>Estou com um bebê ou criança pequena</translation>
    </message>
    <message>
        <source>I need an interpreter</source>
        <translation>Preciso de intérprete</translation>
    </message>
    <message>
        <source>Do you need help?</source>
        <translation>Precisa de ajuda?</translation>
    </message>
    <message>
        <source>Choose all that apply, then press OK.</source>
        <translation>Escolha tudo o que se aplica e toque em OK.</translation>
    </message>
    <message>
        <source>Only the staff at the counter see this. It is not printed or shown in the hall.</source>
        <translation>Só os funcionários do balcão veem isto. Não é impresso nem mostrado no saguão.</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>selecionado</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>Desmarcar tudo</translation>
    </message>
</context>
<context>
    <name>CertificatesScreen</name>
    <message>
        <source>One copy less: %1, now %2</source>
        <translation>Uma cópia a menos: %1, agora %2</translation>
    </message>
    <message>
        <source>One copy more: %1, now %2</source>
        <translation>Uma cópia a mais: %1, agora %2</translation>
    </message>
    <message>
        <source>Chosen: %1, %2</source>
        <translation>Escolhido: %1, %2</translation>
    </message>
    <message>
        <source>Nothing chosen yet</source>
        <translation>Nada escolhido ainda</translation>
    </message>
    <message>
        <source>Press + to add copies</source>
        <translation>Toque + para adicionar cópias</translation>
    </message>
    <message>
        <source>Which certificates do you need?</source>
        <translation>De quais certidões você precisa?</translation>
    </message>
    <message>
        <source>Press + for each copy you need. You will not fill in a form: the counter sees your choice.</source>
        <translation>Toque + para cada cópia. Você não precisa preencher formulário: o balcão vê sua escolha.</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← Voltar</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>Retirar minha senha</translation>
    </message>
</context>
<context>
    <name>CheckinScreen</name>
    <message>
        <source>Got a ticket online or a booking?</source>
        <translation>Pegou senha pela internet ou tem reserva?</translation>
    </message>
    <message>
        <source>Hold the QR code on your phone to the reader, or type your ticket number (for example W012) or your 8-digit booking number.</source>
        <translation>Aproxime o QR code do celular do leitor ou digite o número da senha (por exemplo W012) ou o número de reserva de 8 dígitos.</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>Número da senha</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Apagar</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Limpar</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← Voltar</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Fazer check-in</translation>
    </message>
</context>
<context>
    <name>ClosedScreen</name>
    <message>
        <source>Sorry, we are closed now</source>
        <translation>Desculpe, estamos fechados agora</translation>
    </message>
    <message>
        <source>Tickets from: %1</source>
        <translation>Senhas a partir de: %1</translation>
    </message>
    <message>
        <source>Please check the opening days on the ward office website.</source>
        <translation>Confira os dias de funcionamento no site da prefeitura do distrito.</translation>
    </message>
    <message>
        <source>Weekdays %1–%2</source>
        <translation>Dias úteis %1–%2</translation>
    </message>
    <message>
        <source>Saturdays (week %3 of the month) %1–%2</source>
        <translation>Sábados (semana %3 do mês) %1–%2</translation>
    </message>
    <message>
        <source>Closed on Sundays and public holidays</source>
        <translation>Fechado aos domingos e feriados</translation>
    </message>
    <message>
        <source>Closed for the New Year: 29 Dec – 3 Jan</source>
        <translation>Fechado no Ano-Novo: 29/12 a 3/1</translation>
    </message>
    <message>
        <source>You can check waiting times on your phone: %1</source>
        <translation>Veja os tempos de espera no celular: %1</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Not sure? Information desk</source>
        <translation>Não sabe? Informações</translation>
    </message>
    <message>
        <source>We will tell you where to go</source>
        <translation>Indicamos aonde você deve ir</translation>
    </message>
    <message>
        <source>Online ticket or booking? Check in here</source>
        <translation>Senha pela internet ou reserva? Check-in aqui</translation>
    </message>
    <message>
        <source>Staff only (PIN)</source>
        <translation>Só funcionários (PIN)</translation>
    </message>
    <message>
        <source>Moving, birth, marriage, death</source>
        <translation>Mudança, nascimento, casamento, óbito</translation>
    </message>
    <message>
        <source>Answer a few questions: one ticket for every section</source>
        <translation>Responda algumas perguntas: uma senha para todos os setores</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>Certidões</translation>
    </message>
    <message>
        <source>Choose documents and copies</source>
        <translation>Escolha os documentos e as cópias</translation>
    </message>
    <message>
        <source>Please choose what you came for</source>
        <translation>Escolha o que você veio fazer</translation>
    </message>
    <message>
        <source>Touch a button. Your numbered ticket comes out right away.</source>
        <translation>Toque em um botão. Sua senha sai na hora.</translation>
    </message>
    <message>
        <source>✓ Help requested (%1) — change</source>
        <translation>✓ Ajuda pedida (%1) — alterar</translation>
    </message>
    <message>
        <source>Need help? Wheelchair, hearing, interpreter …</source>
        <translation>Precisa de ajuda? Cadeira de rodas, audição, intérprete…</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <source>One moment please …</source>
        <translation>Um momento, por favor…</translation>
    </message>
    <message>
        <source>It is busy right now. Please wait a moment …</source>
        <translation>Está ocupado agora. Aguarde um momento…</translation>
    </message>
    <message>
        <source>Please choose at least one certificate.</source>
        <translation>Escolha pelo menos uma certidão.</translation>
    </message>
    <message>
        <source>It is busy right now. Trying again …</source>
        <translation>Está ocupado agora. Tentando de novo…</translation>
    </message>
    <message>
        <source>Sorry, no ticket: %1</source>
        <translation>Desculpe, sem senha: %1</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be issued. Please try again or ask a member of staff.</source>
        <translation>Desculpe, não foi possível emitir a senha. Tente de novo ou chame um funcionário.</translation>
    </message>
    <message>
        <source>Sorry, tickets cannot be issued right now. Please see a member of staff.</source>
        <translation>Desculpe, não é possível emitir senhas agora. Chame um funcionário.</translation>
    </message>
    <message>
        <source>Your number is %1. Please wait to be called.</source>
        <translation>Seu número é %1. Aguarde ser chamado.</translation>
    </message>
    <message>
        <source>That is not a ticket number. Please check it and try again.</source>
        <translation>Isto não é um número de senha. Confira e tente de novo.</translation>
    </message>
    <message>
        <source>Ticket %1 needs no check-in. Please wait to be called.</source>
        <translation>A senha %1 não precisa de check-in. Aguarde ser chamado.</translation>
    </message>
    <message>
        <source>Ticket %1 is already checked in. Please wait to be called.</source>
        <translation>A senha %1 já fez check-in. Aguarde ser chamado.</translation>
    </message>
    <message>
        <source>We could not find ticket %1 for today.</source>
        <translation>Não encontramos a senha %1 de hoje.</translation>
    </message>
    <message>
        <source>Sorry, please try again or ask a member of staff.</source>
        <translation>Desculpe, tente de novo ou chame um funcionário.</translation>
    </message>
    <message>
        <source>Check-in for your booking opens at %1. Please come back then.</source>
        <translation>O check-in da sua reserva abre às %1. Volte nesse horário, por favor.</translation>
    </message>
    <message>
        <source>This booking was cancelled. Please take a ticket from the home screen.</source>
        <translation>Esta reserva foi cancelada. Pegue uma senha na tela inicial.</translation>
    </message>
    <message>
        <source>This booking is for another day. Please ask a member of staff.</source>
        <translation>Esta reserva é para outro dia. Fale com um funcionário.</translation>
    </message>
    <message>
        <source>We could not find this booking. Please check the number.</source>
        <translation>Não encontramos esta reserva. Confira o número.</translation>
    </message>
    <message>
        <source>This ticket is not valid today. Please ask a member of staff.</source>
        <translation>Esta senha não vale hoje. Chame um funcionário.</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Connection problem: the numbers shown may be out of date.</source>
        <translation>Problema de conexão: os números mostrados podem estar desatualizados.</translation>
    </message>
    <message>
        <source>Ticket issuing is paused for now. Please ask a member of staff.</source>
        <translation>A emissão de senhas está pausada. Chame um funcionário.</translation>
    </message>
</context>
<context>
    <name>LanguageBar</name>
    <message>
        <source> (selected)</source>
        <translation> (selecionado)</translation>
    </message>
</context>
<context>
    <name>LifeEventsScreen</name>
    <message>
        <source>Not sure</source>
        <translation>Não sei</translation>
    </message>
    <message>
        <source>What happened?</source>
        <translation>O que aconteceu?</translation>
    </message>
    <message>
        <source>Choose one. A few yes/no questions follow, then you get one ticket that takes you through every section.</source>
        <translation>Escolha uma opção. Depois de algumas perguntas de sim/não, você recebe uma senha para todos os setores.</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← Voltar</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sim</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Não</translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>Pergunta %1 de %2</translation>
    </message>
    <message>
        <source>Your route</source>
        <translation>Seu roteiro</translation>
    </message>
    <message>
        <source>One ticket for all of these, in this order. Each section calls the same number.</source>
        <translation>Uma senha para tudo isto, nesta ordem. Cada setor chama o mesmo número.</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>Retirar minha senha</translation>
    </message>
    <message>
        <source>Not possible today: %1. Please ask at the counter.</source>
        <translation>Não é possível hoje: %1. Pergunte no balcão.</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Not printed: take a photo of this screen or scan the QR code</source>
        <translation>Não impresso: fotografe esta tela ou leia o código QR</translation>
    </message>
    <message>
        <source>Your number: take a photo of this screen or scan the QR code</source>
        <translation>Sua senha: fotografe esta tela ou leia o código QR</translation>
    </message>
    <message>
        <source>You came after your booked time (%1), so this is a normal ticket. Thank you for waiting.</source>
        <translation>Você chegou depois do horário reservado (%1), por isso esta é uma senha normal. Obrigado pela paciência.</translation>
    </message>
    <message>
        <source>Booking checked in: you will be called from %1.</source>
        <translation>Check-in da reserva feito: você será chamado a partir das %1.</translation>
    </message>
    <message>
        <source>Printing your ticket …</source>
        <translation>Imprimindo sua senha…</translation>
    </message>
    <message>
        <source>Please take your ticket from the slot below.</source>
        <translation>Retire sua senha na saída abaixo.</translation>
    </message>
    <message>
        <source>Please note your number, or scan the QR code with your phone.</source>
        <translation>Anote seu número ou escaneie o QR code com o celular.</translation>
    </message>
    <message>
        <source>Sorry, the printer is out of paper.</source>
        <translation>Desculpe, a impressora está sem papel.</translation>
    </message>
    <message>
        <source>Sorry, the ticket could not be printed.</source>
        <translation>Desculpe, não foi possível imprimir a senha.</translation>
    </message>
    <message>
        <source>Your number is valid: remember it or scan the QR code. Staff have been told.</source>
        <translation>Seu número vale: anote-o ou escaneie o QR code. Os funcionários já foram avisados.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Concluir</translation>
    </message>
    <message>
        <source>Your ticket</source>
        <translation>Sua senha</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>Número da senha</translation>
    </message>
    <message>
        <source>You are next</source>
        <translation>Você é o próximo</translation>
    </message>
    <message>
        <source>Estimated wait: %1</source>
        <translation>Espera estimada: %1</translation>
    </message>
    <message>
        <source>Your route:</source>
        <translation>Roteiro:</translation>
    </message>
    <message>
        <source>Scan with your phone to see your turn</source>
        <translation>Escaneie com o celular para ver sua vez</translation>
    </message>
    <message>
        <source>Please come back before your number is called.</source>
        <translation>Volte antes de seu número ser chamado.</translation>
    </message>
</context>
<context>
    <name>UnavailableScreen</name>
    <message>
        <source>Sorry, tickets cannot be issued right now</source>
        <translation>Desculpe, não é possível emitir senhas agora</translation>
    </message>
    <message>
        <source>Please ask a member of staff. This machine keeps trying to reconnect.</source>
        <translation>Por favor, chame um funcionário. Esta máquina continua tentando se reconectar.</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>%1 waiting</source>
        <translation>%1 aguardando</translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation>Indisponível agora</translation>
    </message>
</context>
</TS>
