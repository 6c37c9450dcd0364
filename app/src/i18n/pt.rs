use shared::locale::Locale;

use super::Messages;

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
    console_sections: ["Visão geral", "Anúncios", "Pedidos", "Financeiro"],
    admin_sections: ["Visão geral", "Vendedores", "Disputas", "Transportadoras"],
    console_sign_in_needed: "Entre com uma conta de vendedor para ver sua loja.",

    footer_note: "O Bazaar é código aberto. Os pagamentos ficam em custódia até a entrega ser confirmada.",
};
