use shared::locale::Locale;

use super::Messages;

pub const MESSAGES: Messages = Messages {
    skip_to_content: "Saltar al contenido",
    brand_tagline: "El marketplace abierto",
    language_label: "Idioma",
    nav_shop: "Tienda",
    nav_seller: "Vende en Bazaar",
    nav_admin: "Operador",
    main_navigation: "Navegación principal",

    home_title: "Compra a vendedores independientes con total seguridad",
    home_subtitle: "Miles de tiendas, un solo pago. Tu dinero queda en custodia hasta que confirmes que llegó el paquete.",
    trust_escrow_title: "Custodia en cada pedido",
    trust_escrow_body: "El vendedor cobra solo cuando confirmas la recepción.",
    trust_tracking_title: "Un único seguimiento",
    trust_tracking_body: "Las novedades de todos los transportistas en un mismo idioma.",
    trust_disputes_title: "Disputas justas",
    trust_disputes_body: "Si algo sale mal, decide un operador neutral.",

    products_heading: "Novedades",
    product_count: |n| {
        format!("{} {}", Locale::Es.format_count(n), if n == 1 { "producto" } else { "productos" })
    },
    in_stock: "En stock",
    out_of_stock: "Agotado",
    sold_by: |shop| format!("Vendido por {shop}"),
    rating: |stars| format!("Valoración {stars} de 5"),
    no_rating: "Aún sin valoraciones",
    loading_products: "Cargando productos…",
    load_failed: "No pudimos cargar los productos.",
    retry: "Reintentar",
    no_products: "Todavía no hay productos. Vuelve pronto.",
    pagination_label: "Páginas",
    page_status: |page, pages| format!("Página {page} de {pages}"),
    previous_page: "Anterior",
    next_page: "Siguiente",

    not_found_title: "Página no encontrada",
    not_found_body: "La página que buscas no existe o se ha movido.",
    back_to_shop: "Volver a la tienda",

    seller_title: "Panel del vendedor",
    seller_intro: "Gestiona tu tienda desde una pestaña: productos, pedidos, custodia y pagos, rendimiento.",
    admin_title: "Consola del operador",
    admin_intro: "Verifica vendedores, arbitra disputas y vigila la salud del marketplace.",
    console_sections: ["Resumen", "Productos", "Pedidos", "Dinero"],
    admin_sections: ["Resumen", "Vendedores", "Disputas", "Transportistas"],
    console_sign_in_needed: "Inicia sesión con una cuenta de vendedor para ver tu tienda.",

    footer_note: "Bazaar es de código abierto. Los pagos quedan en custodia hasta confirmar la entrega.",
};
