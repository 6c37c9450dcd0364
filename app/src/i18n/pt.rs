use shared::locale::Locale;

use super::{
    AccountTexts, ImportTexts, ListingTexts, LogisticsTexts, Messages, ProductTexts, ScorecardTexts,
    SearchTexts, SellerOrderTexts, ShopTexts, StatementTexts,
};

pub const MESSAGES: Messages = Messages {
    skip_to_content: "Ir para o conteúdo",
    brand_tagline: "O marketplace aberto",
    language_label: "Idioma",
    nav_shop: "Loja",
    nav_seller: "Venda no Bazaar",
    nav_admin: "Operador",
    main_navigation: "Navegação principal",

    home_title: "Compre de vendedores independentes com segurança",
    home_subtitle: "Milhares de lojas, um só checkout. Seu pagamento fica em custódia até você confirmar a entrega.",
    trust_escrow_title: "Custódia em todo pedido",
    trust_escrow_body: "O vendedor só recebe depois que você confirma o recebimento.",
    trust_tracking_title: "Rastreamento único",
    trust_tracking_body: "As atualizações de todas as transportadoras em uma só linguagem.",
    trust_disputes_title: "Disputas justas",
    trust_disputes_body: "Se algo der errado, um operador neutro decide.",

    products_heading: "Novidades",
    departments: "Departamentos",
    all_departments: "Todos",
    product_count: |n| {
        format!("{} {}", Locale::Pt.format_count(n), if n == 1 { "produto" } else { "produtos" })
    },
    in_stock: "Em estoque",
    out_of_stock: "Esgotado",
    sold_by: |shop| format!("Vendido por {shop}"),
    rating: |stars| format!("Nota {stars} de 5"),
    no_rating: "Ainda sem avaliações",
    loading_products: "Carregando produtos…",
    load_failed: "Não foi possível carregar os produtos.",
    retry: "Tentar novamente",
    no_products: "Ainda não há produtos. Volte em breve.",
    pagination_label: "Páginas",
    page_status: |page, pages| format!("Página {page} de {pages}"),
    previous_page: "Anterior",
    next_page: "Próxima",

    not_found_title: "Página não encontrada",
    not_found_body: "A página que você procurou não existe ou mudou de endereço.",
    back_to_shop: "Voltar para a loja",

    seller_title: "Painel do vendedor",
    seller_intro: "Toda a sua loja em uma aba: anúncios, pedidos, custódia e repasses, desempenho.",
    admin_title: "Console do operador",
    admin_intro: "Verifique vendedores, arbitre disputas e acompanhe a saúde do marketplace.",
    console_sections: ["Visão geral", "Anúncios", "Pedidos", "Análises", "Financeiro"],
    admin_sections: ["Visão geral", "Vendedores", "Disputas", "Transportadoras"],
    console_sign_in_needed: "Entre com uma conta de vendedor para ver sua loja.",

    footer_note: "O Bazaar é código aberto. Os pagamentos ficam em custódia até a entrega ser confirmada.",
    account: AccountTexts {
        sign_in: "Entrar",
        sign_up: "Criar conta",
        sign_out: "Sair",
        sign_in_title: "Entrar no Bazaar",
        sign_up_title: "Crie sua conta no Bazaar",
        email: "E-mail",
        password: "Senha",
        password_hint: "Pelo menos 12 caracteres. Uma frase curta é fácil de lembrar e difícil de adivinhar.",
        display_name: "Seu nome",
        shop_name: "Nome da loja",
        account_type: "Quero",
        role_shopper: "Comprar",
        role_seller: "Vender",
        have_account: "Já tem uma conta?",
        no_account: "Novo no Bazaar?",
        working: "Um momento…",
        problem: |code| match code {
            "password_too_short" => "Use pelo menos 12 caracteres.",
            "password_too_long" => "Use no máximo 128 caracteres.",
            "password_too_common" => "Esta senha é comum demais. Escolha outra.",
            "email_invalid" => "Informe um e-mail como nome@exemplo.com.",
            "email_taken" => "Já existe uma conta com este e-mail. Quer entrar?",
            "name_invalid" => "Use de 2 a 60 caracteres.",
            "role_not_allowed" => "Escolha comprar ou vender.",
            _ => "Verifique este campo.",
        },
        bad_credentials: "Este e-mail e esta senha não correspondem a uma conta.",
        rate_limited: |seconds| format!("Tentativas demais. Tente de novo em {seconds} segundos."),
        notice_seller_only: "O painel do vendedor é para contas de vendedor.",
        notice_operator_only: "O console do operador é para operadores do Bazaar.",
        signed_in_as: |name| format!("Conectado como {name}"),
        your_shop: "Sua loja",
        tokens_title: "Tokens de API",
        tokens_intro: "Tokens permitem que seus scripts e parceiros usem a API do Bazaar. Cada um leva só as permissões marcadas.",
        token_name: "Para que serve?",
        scopes: "Permissões",
        create_token: "Criar token",
        token_secret_once: "Copie este token agora. Ele só é mostrado uma vez:",
        no_tokens: "Nenhum token ainda.",
        revoke: "Revogar",
        revoked: "Revogado",
        last_used: "Último uso",
        never: "nunca",
        audit_title: "Registro de auditoria",
        audit_columns: ["Quando", "Ação", "Quem", "Sobre", "IP"],
    },
    product: ProductTexts {
        breadcrumb: "Caminho de categorias",
        details: "Detalhes",
        description: "Descrição",
        seller: "Vendedor",
        ships_from: |region| format!("Enviado de {region}"),
        units_left: |n| format!("Em estoque: {n} restantes"),
        attribute: |key| match key {
            "material" => Some("Material"),
            "colour" => Some("Cor"),
            "size" => Some("Tamanho"),
            _ => None,
        },
        not_found: "Este produto não existe ou não está mais à venda.",
    },
    search: SearchTexts {
        label: "Buscar produtos",
        placeholder: "Luminárias, canecas, jaquetas…",
        submit: "Buscar",
        deliver_to: "Entregar em",
        results_for: |q| format!("Resultados para “{q}”"),
        result_count: |n, more| {
            if more {
                format!("Mais de {n} resultados")
            } else if n == "1" {
                "1 resultado".into()
            } else {
                format!("{n} resultados")
            }
        },
        no_results: |q| format!("Nenhum anúncio corresponde a “{q}”."),
        no_results_hint: "Tente menos palavras ou remova um filtro.",
        filters: "Filtros",
        show_filters: "Filtros e ordenação",
        clear_filters: "Limpar filtros",
        sort_label: "Ordenar por",
        sorts: ["Mais relevantes", "Menor preço", "Maior preço", "Entrega mais rápida", "Mais bem avaliados"],
        category: "Categoria",
        price: "Preço",
        min_price: "Mín.",
        max_price: "Máx.",
        currency: "Moeda",
        apply: "Aplicar",
        delivery: "Prazo de entrega",
        within_days: |n| format!("Em até {n} dias"),
        any: "Qualquer",
        shop_rating: "Avaliação da loja",
        stars_and_up: |stars| format!("{stars} ★ ou mais"),
        in_stock_only: "Somente em estoque",
        arrives: |from, to| {
            if from == to { format!("Chega em {to} dias") } else { format!("Chega em {from}–{to} dias") }
        },
        free_delivery: "Frete grátis",
        delivery_cost: |cost| format!("Frete {cost}"),
        no_delivery_to: |region| format!("Não entrega em {region}"),
        delivery_to: |region| format!("Entrega em {region}"),
        service_levels: ["Econômica", "Padrão", "Expressa"],
        warranty: |months| format!("Garantia do vendedor de {months} meses"),
        no_warranty: "Apenas a garantia legal",
        handling: |days| {
            if days == 1 { "Envio em 1 dia útil".into() } else { format!("Envio em {days} dias úteis") }
        },
        choose_option: "Escolha uma opção",
        sku: "SKU",
        gallery_label: "Imagens do produto",
        show_image: |n| format!("Mostrar imagem {n}"),
        why_ranked: "Por que aparece nesta posição",
        why_ranked_intro: "Somente operadores. Cada fator vale de 0 a 100 e tem um peso; o total ordena os mais relevantes.",
        factors: [
            "Relevância do texto",
            "Avaliação da loja",
            "Em estoque",
            "Rapidez da entrega",
            "Poucas devoluções e disputas",
            "Conversão",
            "Desempenho da loja (envios no prazo, poucos defeitos)",
        ],
        factor: "Fator",
        score: "Nota",
        weight: "Peso",
        total_score: "Total",
    },
    shop: ShopTexts {
        cart: "Carrinho",
        cart_items: |n| if n == 1 { "Carrinho, 1 item".into() } else { format!("Carrinho, {n} itens") },
        cart_title: "Seu carrinho",
        cart_empty: "Seu carrinho está vazio.",
        continue_shopping: "Continuar comprando",
        add_to_cart: "Adicionar ao carrinho",
        added_to_cart: "Adicionado ao seu carrinho.",
        view_cart: "Ver carrinho",
        quantity: "Quantidade",
        remove: "Remover",
        only_left: |n| format!("Restam só {n}: diminua a quantidade"),
        sold_by: |shop| format!("De {shop}"),
        delivery: "Entrega",
        items: "Itens",
        discount: "Descontos",
        shipping: "Frete",
        order_total: "Total do pedido",
        to_pay: "A pagar",
        sign_in_to_buy: "Entre para finalizar a compra. Seu carrinho vai junto.",
        shopper_only: "Para comprar é preciso uma conta de comprador. Entre como comprador para usar o carrinho.",
        go_to_checkout: "Finalizar compra",
        checkout_title: "Finalizar compra",
        address: "Endereço de entrega",
        full_name: "Nome completo",
        address_line1: "Rua e número",
        address_line2: "Complemento (opcional)",
        city: "Cidade",
        postcode: "CEP",
        region: "País ou região",
        payment: "Pagamento",
        card_number: "Número do cartão",
        card_expiry: "Validade (MM/AA)",
        card_expiry_hint: "Como impresso no cartão, por exemplo 12/29",
        card_cvc: "Código de segurança (CVC)",
        test_cards_title: "Cartões de teste (nenhum dinheiro real se move)",
        test_cards: [
            "4242 4242 4242 4242: aprovado",
            "4000 0000 0000 0002: recusado",
            "4000 0000 0000 9995: saldo insuficiente",
            "4000 0000 0000 3220: seu banco pede confirmação",
            "Qualquer validade futura e qualquer código de 3 dígitos",
        ],
        pay: |amount| format!("Pagar {amount}"),
        paying: "Pagando…",
        retrying: "A conexão caiu. Tentando de novo o mesmo pagamento: você não será cobrado duas vezes.",
        confirming_payment: "Confirmando seu pagamento com o banco…",
        connection_lost: "Sem conexão. Nada foi cobrado; verifique sua conexão e pague novamente.",
        escrow_note: "O Bazaar guarda seu pagamento até você confirmar que o pacote chegou. Só então o vendedor recebe.",
        required: "Obrigatório",
        challenge_title: "Confirme com seu banco",
        challenge_body: |amount| {
            format!("Seu banco pede que você confirme um pagamento de {amount} ao Bazaar.")
        },
        approve: "Confirmar pagamento",
        decline: "Cancelar pagamento",
        decline_message: |code| match code {
            "card_declined" => "Seu cartão foi recusado. Nada foi cobrado; tente outro cartão.",
            "insufficient_funds" => {
                "Seu cartão foi recusado por saldo insuficiente. Nada foi cobrado; tente outro cartão."
            }
            "expired_card" => "Seu cartão está vencido. Nada foi cobrado; tente outro cartão.",
            "challenge_failed" => "Seu banco não confirmou o pagamento. Nada foi cobrado.",
            "invalid_token" => {
                "Não conseguimos ler os dados do cartão. Nada foi cobrado; digite-os novamente."
            }
            _ => "O pagamento não foi concluído. Nada foi cobrado.",
        },
        card_problem: |code| match code {
            "invalid_number" => "Esse número de cartão não é válido.",
            "not_a_test_card" => "Esta é uma loja de teste: use um dos cartões de teste.",
            "invalid_expiry" => "Digite a validade como MM/AA.",
            "expired_card" => "Este cartão está vencido.",
            "invalid_cvc" => "Digite os 3 ou 4 dígitos do verso do cartão.",
            _ => "Confira os dados do cartão.",
        },
        price_changed: "Um preço mudou desde que você viu. Confira o novo total e pague novamente.",
        orders_title: "Meus pedidos",
        orders_empty: "Você ainda não tem pedidos.",
        order_placed: |n| {
            if n == 1 {
                "Obrigado! Seu pedido foi feito.".into()
            } else {
                format!("Obrigado! {n} pedidos foram feitos, um por loja.")
            }
        },
        order_from: |shop| format!("Pedido de {shop}"),
        order_number: |id| format!("Pedido {id}"),
        placed_on: |date| format!("Feito em {date}"),
        states: [
            "Aguardando pagamento",
            "Pagamento falhou",
            "Pago",
            "Enviado",
            "Entregue",
            "Concluído",
            "Cancelado",
        ],
        escrow_status: |state, release| match (state, release) {
            ("pending_payment", _) => "Estamos confirmando seu pagamento.".into(),
            ("payment_failed", _) => "O pagamento não foi concluído. Nada foi cobrado.".into(),
            ("paid" | "shipped", _) => {
                "O Bazaar guarda seu pagamento até você confirmar o recebimento.".into()
            }
            ("delivered", Some(date)) => format!(
                "O Bazaar guarda seu pagamento até você confirmar o recebimento; ele é liberado automaticamente em {date}."
            ),
            ("delivered", None) => "O Bazaar guarda seu pagamento até você confirmar o recebimento.".into(),
            ("completed", _) => "O pagamento foi liberado ao vendedor.".into(),
            _ => "Cancelado. Tudo o que você pagou foi reembolsado.".into(),
        },
        confirm_receipt: "Confirmar recebimento",
        confirm_receipt_hint: "Confirme só quando o pacote estiver com você: o vendedor recebe na hora.",
        cancel_order: "Cancelar pedido",
        cancel_reason: "Motivo (o comprador verá)",
        paid_with: |brand, last4| format!("Pago com {brand} final {last4}"),
        split: |net, commission| format!("O vendedor recebe {net}; a comissão do Bazaar é {commission}."),
        ship_to: "Enviar para",
        tracking_number: "Código de rastreio",
        mark_shipped: "Marcar como enviado",
        back_to_orders: "Todos os pedidos",
        date: |year, month, day| {
            const MONTHS: [&str; 12] = [
                "janeiro",
                "fevereiro",
                "março",
                "abril",
                "maio",
                "junho",
                "julho",
                "agosto",
                "setembro",
                "outubro",
                "novembro",
                "dezembro",
            ];
            format!("{day} de {} de {year}", MONTHS[(month as usize).clamp(1, 12) - 1])
        },
        money_title: "Dinheiro",
        held: "Retido em garantia",
        held_hint: "Pago pelos compradores; é seu quando confirmam o recebimento ou chega a data de liberação.",
        available: "Disponível",
        paid_out: "Transferido",
        commission: "Comissão",
        pay_out: |amount| format!("Transferir {amount}"),
        payout_done: |amount| format!("{amount} está a caminho do seu banco."),
        payout_minimum: |amount| format!("Transferências a partir de {amount}."),
        orders_to_ship: "Pedidos a enviar",
        nothing_to_ship: "Nada para enviar agora.",
        shop_orders: "Pedidos",
        tracking_title: "Rastreamento",
        tracking_statuses: [
            "Etiqueta criada",
            "Coletado",
            "Em trânsito",
            "Em centro de triagem",
            "Na alfândega",
            "Saiu para entrega",
            "Tentativa de entrega falhou",
            "Pronto para retirada",
            "Entregue",
            "Voltando ao vendedor",
            "Devolvido ao vendedor",
            "Requer atenção",
            "Extraviado",
        ],
        carrier_said: |raw| format!("Transportadora: {raw}"),
    },
    imports: ImportTexts {
        open: "Importar de CSV",
        title: "Importar anúncios",
        intro: "Adicione muitos anúncios de uma vez a partir de uma planilha salva como CSV. Eles chegam como rascunhos: adicione fotos e publique.",
        choose_file: "Escolha um arquivo CSV",
        columns_hint: "Uma linha por variante; linhas com o mesmo identificador formam um anúncio. Colunas:",
        template: "Baixar um modelo",
        pick: "Escolher arquivo…",
        reading: "Lendo o arquivo…",
        file_refused: |reason| format!("Este arquivo não pode ser importado: {reason}."),
        preview: "Pré-visualização",
        counts: |rows, ready, problems| {
            format!("{rows} linhas: {ready} anúncios prontos, {problems} linhas com problemas.")
        },
        preview_columns: ["Identificador", "Título", "Variantes", "Menor preço", "Estoque"],
        problems: "Linhas com problemas (os anúncios delas ficam de fora)",
        at: |line, column| format!("Linha {line}, {column}:"),
        row_problems: [
            "precisa de um valor.",
            "não é um preço (escreva 12.50).",
            "não é um número inteiro.",
            "não corresponde a nenhuma categoria (use um identificador como lighting).",
            "outra linha deste anúncio tem um problema.",
        ],
        start: |n| {
            if n == 1 {
                "Importar 1 anúncio como rascunho".into()
            } else {
                format!("Importar {n} anúncios como rascunhos")
            }
        },
        progress_label: "Progresso da importação",
        progress: |done, total| format!("{done} de {total} anúncios importados"),
        recent: "Importações recentes",
        none: "Nenhuma importação ainda.",
        download_problems: |n| {
            if n == 1 {
                "Baixar a linha com problema".into()
            } else {
                format!("Baixar as {n} linhas com problemas")
            }
        },
        see_drafts: "Ver os rascunhos",
    },
    seller_orders: SellerOrderTexts {
        title: "Pedidos",
        intro: "Todos os pedidos da sua loja conforme a situação. Envie os pagos antes que o prazo acabe.",
        tabs: ["A enviar", "Enviados", "Entregues", "Concluídos", "Cancelados"],
        sort_by: "Ordenar por",
        sorts: ["Mais recentes", "Mais antigos", "Prazo de envio primeiro", "Maior total primeiro"],
        empty: "Nenhum pedido aqui.",
        placed: |date, items| {
            if items == 1 {
                format!("Feito em {date} · 1 item")
            } else {
                format!("Feito em {date} · {items} itens")
            }
        },
        ship_within: |duration| format!("Envie em até {duration}"),
        overdue_by: |duration| format!("Atrasado há {duration}"),
        ship: "Enviar",
        packing_slip: "Romaneio",
        back: "Todos os pedidos",
        slip_columns: ["Item", "SKU", "Quantidade", "Embalado"],
        slip_note: "Obrigado pelo seu pedido. Dúvidas? Escreva para a loja na página do pedido no Bazaar.",
    },
    listings: ListingTexts {
        title: "Anúncios",
        intro: "Tudo o que a sua loja vende. Rascunhos ficam privados até serem publicados; altere preços e estoque direto na tabela.",
        new_listing: "Novo anúncio",
        show: "Mostrar",
        all: "Todos os anúncios",
        statuses: ["Rascunho", "À venda", "Fora de venda"],
        sort_by: "Ordenar por",
        sorts: [
            "Alterados recentemente",
            "Título",
            "Preço: menor para maior",
            "Preço: maior para menor",
            "Menos estoque",
        ],
        columns: ["Anúncio", "Situação", "Preço e estoque por variante", "Ações"],
        empty: "Ainda não há anúncios aqui.",
        save_changes: |n| {
            if n == 1 { "Salvar 1 alteração".into() } else { format!("Salvar {n} alterações") }
        },
        changes_saved: |n| {
            if n == 1 { "1 variante atualizada.".into() } else { format!("{n} variantes atualizadas.") }
        },
        publish: "Publicar",
        unpublish: "Tirar de venda",
        edit: "Editar",
        back: "Todos os anúncios",
        edit_title: "Editar anúncio",
        category: "Categoria",
        choose_category: "Escolha uma categoria",
        field_title: "Título",
        description: "Descrição",
        attributes: "Atributos",
        attribute_names: ["Material", "Cor", "Tamanho", "Capacidade", "Estampa"],
        warranty: "Garantia (meses)",
        variants: "Variantes",
        sku: "SKU",
        price_in: |currency| format!("Preço ({currency})"),
        stock: "Estoque",
        add_variant: "Adicionar variante",
        remove_variant: "Remover",
        pictures: "Fotos",
        save_first: "Salve o rascunho primeiro e depois adicione fotos.",
        add_picture: "Adicionar fotos",
        uploading: |name, percent| format!("Enviando {name}: {percent} %"),
        preview: "Pré-visualização",
        preview_hint: "O seu cartão como os compradores o veem na busca.",
        save_draft: "Salvar rascunho",
        save: "Salvar",
        saved: "Salvo.",
        now_on_sale: "Publicado: o anúncio está à venda.",
        now_off_sale: "Tirado de venda. Publique de novo quando quiser.",
        ready: "Pronto para publicar.",
        missing: "Antes de publicar:",
        problem: |problem| {
            use shared::listing::ListingProblem as P;
            match problem {
                P::Required => "Obrigatório para publicar.".into(),
                P::TooShort { min } => format!("Pelo menos {min} caracteres."),
                P::TooLong { max } => format!("No máximo {max} caracteres."),
                P::OutOfRange { min, max } => format!("Entre {min} e {max}."),
                P::TooMany { max } => format!("No máximo {max}."),
                P::InvalidSku => "Apenas letras, dígitos, - _ e .".into(),
                P::DuplicateSku => "Outra variante tem este SKU.".into(),
                P::UnknownAttribute => "Um atributo é desconhecido, repetido ou longo demais.".into(),
                P::DuplicateOptions => "Outra variante tem as mesmas opções.".into(),
                P::NoImage => "Adicione pelo menos uma foto.".into(),
                P::ShopNotVerified => "A sua loja precisa ser verificada primeiro.".into(),
            }
        },
        not_a_price: "Escreva um preço como 12.50.",
        total_stock: |n| format!("{n} em estoque"),
    },
    logistics: LogisticsTexts {
        arrives_between: |from, to| format!("Chega entre {from} e {to}"),
        delivered_on: |day| format!("Entregue em {day}"),
        short_date: |month, day| {
            const MONTHS: [&str; 12] =
                ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"];
            format!("{day} {}", MONTHS[(month.clamp(1, 12) - 1) as usize])
        },
        arrives_dates: |from, to| {
            if from == to { format!("Chega em {to}") } else { format!("Chega {from} – {to}") }
        },
        late: "Atrasado",
        late_hint: "O prazo de entrega prometido passou. A transportadora continua com o envio; o dinheiro segue em custódia.",
        ship_by: |date| format!("Enviar até {date}"),
        choose_carrier: "Escolha uma transportadora",
        choose_carrier_hint: "Ordenadas por preço, rapidez, capacidade livre hoje e histórico de cada transportadora.",
        no_carriers: "Nenhuma transportadora da rede atende esta rota. Envie com sua própria transportadora abaixo.",
        transit_days: |min, max| {
            if min == max {
                format!("{max} dias em trânsito")
            } else {
                format!("{min}–{max} dias em trânsito")
            }
        },
        partner_score: |score| format!("Nota de parceria {score}"),
        reasons: ["Recomendada", "Mais barata", "Mais rápida", "Mais confiável", "Sai amanhã", "Lotada hoje"],
        ship_with: |carrier| format!("Enviar com {carrier}"),
        own_carrier: "Envio com minha própria transportadora",
        print_label: "Imprimir etiqueta",
        label_title: "Etiqueta de envio",
        label_from: "Remetente",
        label_to: "Destinatário",
        label_items: |n| if n == 1 { "1 item".into() } else { format!("{n} itens") },
        print: "Imprimir",
        shipments_title: "Envios",
        shipments_columns: [
            "Pedido",
            "Transportadora",
            "Código de rastreio",
            "Status",
            "Entregar até",
            "Padrões",
        ],
        no_shipments: "Nenhum envio ainda.",
        breach_names: ["Enviado com atraso", "Sem leitura da transportadora", "Entregue com atraso"],
        sla_title: "Padrões de serviço",
        sla_rules: |days, hours| {
            format!(
                "Envie em {days} dias úteis; a transportadora deve ler o pacote em {hours} horas após a etiqueta."
            )
        },
        sla_counts: |late, unscanned| {
            format!("Últimos 30 dias: {late} enviados com atraso, {unscanned} sem leitura a tempo.")
        },
        carriers_title: "Transportadoras",
        carriers_columns: [
            "Transportadora",
            "Nota",
            "No prazo",
            "Ocorrências",
            "Leituras completas",
            "Entregas atrasadas",
            "Reservas hoje",
        ],
        provisional: "nova",
    },
    onboarding: &super::onboarding::PT,
    scorecard: ScorecardTexts {
        title: "Desempenho",
        intro: |days| {
            format!(
                "Medido com seus pedidos dos últimos {days} dias. Cada gráfico mostra os últimos 90 dias."
            )
        },
        metrics: [
            "Taxa de pedidos com problema",
            "Taxa de envio atrasado",
            "Taxa de cancelamento",
            "Taxa de rastreio válido",
            "Taxa de estoque",
            "Tempo médio de manuseio",
            "Avaliação",
        ],
        statuses: ["Dentro da meta", "Em risco", "Fora da meta", "Ainda sem dados"],
        advice: [
            "Fale com quem relatou um problema antes que abra uma disputa e embale para a viagem.",
            "Mantenha descrições e fotos fiéis e embale bem: assim os problemas seguem raros.",
            "Envie primeiro os pedidos atrasados e defina um prazo de manuseio que você cumpre todo dia.",
            "Você envia no prazo. Continue dentro do seu prazo de manuseio.",
            "Mantenha o estoque correto para nunca vender o que não tem.",
            "Envie com uma transportadora da rede e entregue o pacote no dia em que imprimir a etiqueta.",
            "Reponha os anúncios esgotados ou pause-os até o estoque chegar.",
            "Embale e entregue os pacotes mais cedo, antes da coleta diária.",
            "Peça avaliações a clientes satisfeitos e responda rápido aos insatisfeitos.",
            "Ainda sem avaliações. Elas aparecem aqui quando os clientes avaliarem os pedidos.",
        ],
        target_below: |limit| format!("Meta: abaixo de {limit}"),
        target_at_most: |limit| format!("Meta: no máximo {limit}"),
        target_above: |limit| format!("Meta: acima de {limit}"),
        target_at_least: |limit| format!("Meta: pelo menos {limit}"),
        duration: |minutes| {
            let (days, hours) = (minutes / 1_440, minutes % 1_440 / 60);
            match (days, hours) {
                (0, 0) => format!("{minutes} min"),
                (0, _) => format!("{hours} h"),
                (_, 0) => format!("{days} d"),
                _ => format!("{days} d {hours} h"),
            }
        },
        orders_counted: |n| if n == 1 { "de 1 pedido".into() } else { format!("de {n} pedidos") },
        listings_counted: |n| if n == 1 { "1 anúncio".into() } else { format!("{n} anúncios") },
        reviews_counted: |n| if n == 1 { "de 1 avaliação".into() } else { format!("de {n} avaliações") },
        shop_rating_so_far: "nota atual da loja",
        no_value: "—",
        no_history: "Medido hoje; ainda não há histórico.",
        chart_title: |measure| format!("{measure}, últimos 90 dias"),
        chart_desc: |first, last, target| format!("Em 90 dias: de {first} para {last}. {target}."),
        days_ago_90: "há 90 dias",
        today: "hoje",
        performance_score: |score| format!("Índice de desempenho {score}/100"),
        performance_hint: "As medidas de pedidos abaixo em um número: 50 significa todas no limite da meta, 100 é perfeito. Uma pontuação melhor coloca seus anúncios mais acima na busca.",
    },
    analytics: &super::analytics::PT,
    pwa: &super::pwa::PT,
    statement: StatementTexts {
        title: "Extrato",
        intro: "Cada movimento do seu dinheiro no período, do mais recente ao mais antigo. Os dias são em UTC.",
        from: "De",
        to: "Até",
        show: "Ver",
        totals: "Totais do período",
        total_names: ["Retido em garantia", "Liberado para você", "Comissão", "Reembolsos", "Pago"],
        columns: ["Data", "Descrição", "Pedido", "Valor", "Disponível depois"],
        kinds: [
            "Venda retida em garantia",
            "Liberado para você",
            "Comissão",
            "Reembolso",
            "Repasse",
            "Repasse devolvido",
        ],
        entry_count: |n| {
            if n == 1 { "1 lançamento no período".into() } else { format!("{n} lançamentos no período") }
        },
        empty: "Nenhum dinheiro foi movimentado neste período.",
        download: "Baixar CSV",
        order: |id| format!("Pedido {id}"),
    },
};
