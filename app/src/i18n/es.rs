use shared::locale::Locale;

use super::{
    AccountTexts, ImportTexts, ListingTexts, LogisticsTexts, Messages, ProductTexts, ScorecardTexts,
    SearchTexts, SellerOrderTexts, ShopTexts, StatementTexts,
};

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
    departments: "Departamentos",
    all_departments: "Todo",
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
    console_sections: ["Resumen", "Productos", "Pedidos", "Analíticas", "Dinero"],
    admin_sections: ["Resumen", "Vendedores", "Disputas", "Transportistas"],
    console_sign_in_needed: "Inicia sesión con una cuenta de vendedor para ver tu tienda.",

    footer_note: "Bazaar es de código abierto. Los pagos quedan en custodia hasta confirmar la entrega.",
    account: AccountTexts {
        sign_in: "Iniciar sesión",
        sign_up: "Crear cuenta",
        sign_out: "Cerrar sesión",
        sign_in_title: "Inicia sesión en Bazaar",
        sign_up_title: "Crea tu cuenta de Bazaar",
        email: "Correo electrónico",
        password: "Contraseña",
        password_hint: "Al menos 12 caracteres. Una frase corta es fácil de recordar y difícil de adivinar.",
        display_name: "Tu nombre",
        shop_name: "Nombre de la tienda",
        account_type: "Quiero",
        role_shopper: "Comprar",
        role_seller: "Vender",
        have_account: "¿Ya tienes cuenta?",
        no_account: "¿Nuevo en Bazaar?",
        working: "Un momento…",
        problem: |code| match code {
            "password_too_short" => "Usa al menos 12 caracteres.",
            "password_too_long" => "Usa como máximo 128 caracteres.",
            "password_too_common" => "Esta contraseña es demasiado común. Elige otra.",
            "email_invalid" => "Escribe un correo como nombre@ejemplo.com.",
            "email_taken" => "Ya existe una cuenta con este correo. ¿Quieres iniciar sesión?",
            "name_invalid" => "Usa de 2 a 60 caracteres.",
            "role_not_allowed" => "Elige comprar o vender.",
            _ => "Revisa este campo.",
        },
        bad_credentials: "Ese correo y esa contraseña no corresponden a ninguna cuenta.",
        rate_limited: |seconds| format!("Demasiados intentos. Vuelve a intentarlo en {seconds} segundos."),
        notice_seller_only: "El panel del vendedor es para cuentas de vendedor.",
        notice_operator_only: "La consola del operador es para operadores de Bazaar.",
        signed_in_as: |name| format!("Sesión iniciada como {name}"),
        your_shop: "Tu tienda",
        tokens_title: "Tokens de API",
        tokens_intro: "Los tokens permiten a tus scripts y socios usar la API de Bazaar. Cada uno lleva solo los permisos que marques.",
        token_name: "¿Para qué es?",
        scopes: "Permisos",
        create_token: "Crear token",
        token_secret_once: "Copia este token ahora. Solo se muestra una vez:",
        no_tokens: "Todavía no hay tokens.",
        revoke: "Revocar",
        revoked: "Revocado",
        last_used: "Último uso",
        never: "nunca",
        audit_title: "Registro de auditoría",
        audit_columns: ["Hora", "Acción", "Quién", "Sobre", "IP"],
    },
    product: ProductTexts {
        breadcrumb: "Ruta de categorías",
        details: "Detalles",
        description: "Descripción",
        seller: "Vendedor",
        ships_from: |region| format!("Se envía desde {region}"),
        units_left: |n| format!("En stock: quedan {n}"),
        attribute: |key| match key {
            "material" => Some("Material"),
            "colour" => Some("Color"),
            "size" => Some("Talla"),
            _ => None,
        },
        not_found: "Este producto no existe o ya no está a la venta.",
    },
    search: SearchTexts {
        label: "Buscar productos",
        placeholder: "Lámparas, tazas, chaquetas…",
        submit: "Buscar",
        deliver_to: "Enviar a",
        results_for: |q| format!("Resultados de «{q}»"),
        result_count: |n, more| {
            if more {
                format!("Más de {n} resultados")
            } else if n == "1" {
                "1 resultado".into()
            } else {
                format!("{n} resultados")
            }
        },
        no_results: |q| format!("Ningún anuncio coincide con «{q}»."),
        no_results_hint: "Prueba con menos palabras o quita un filtro.",
        filters: "Filtros",
        show_filters: "Filtros y orden",
        clear_filters: "Quitar filtros",
        sort_label: "Ordenar por",
        sorts: [
            "Más relevantes",
            "Precio: de menor a mayor",
            "Precio: de mayor a menor",
            "Entrega más rápida",
            "Mejor valorados",
        ],
        category: "Categoría",
        price: "Precio",
        min_price: "Mín.",
        max_price: "Máx.",
        currency: "Moneda",
        apply: "Aplicar",
        delivery: "Plazo de entrega",
        within_days: |n| format!("En {n} días o menos"),
        any: "Cualquiera",
        shop_rating: "Valoración de la tienda",
        stars_and_up: |stars| format!("{stars} ★ o más"),
        in_stock_only: "Solo con existencias",
        arrives: |from, to| {
            if from == to { format!("Llega en {to} días") } else { format!("Llega en {from}–{to} días") }
        },
        free_delivery: "Envío gratis",
        delivery_cost: |cost| format!("Envío {cost}"),
        no_delivery_to: |region| format!("No envía a {region}"),
        delivery_to: |region| format!("Envío a {region}"),
        service_levels: ["Económico", "Estándar", "Exprés"],
        warranty: |months| format!("Garantía del vendedor de {months} meses"),
        no_warranty: "Solo la garantía legal",
        handling: |days| {
            if days == 1 {
                "Se envía en 1 día hábil".into()
            } else {
                format!("Se envía en {days} días hábiles")
            }
        },
        choose_option: "Elige una opción",
        sku: "SKU",
        gallery_label: "Imágenes del producto",
        show_image: |n| format!("Ver imagen {n}"),
        why_ranked: "Por qué aparece aquí",
        why_ranked_intro: "Solo operadores. Cada factor puntúa de 0 a 100 y tiene un peso; el total ordena los más relevantes.",
        factors: [
            "Relevancia del texto",
            "Valoración de la tienda",
            "Con existencias",
            "Rapidez de entrega",
            "Pocas devoluciones y disputas",
            "Conversión",
            "Desempeño de la tienda (envíos a tiempo, pocos defectos)",
        ],
        factor: "Factor",
        score: "Puntuación",
        weight: "Peso",
        total_score: "Total",
    },
    shop: ShopTexts {
        cart: "Carrito",
        cart_items: |n| {
            if n == 1 { "Carrito, 1 artículo".into() } else { format!("Carrito, {n} artículos") }
        },
        cart_title: "Tu carrito",
        cart_empty: "Tu carrito está vacío.",
        continue_shopping: "Seguir comprando",
        add_to_cart: "Añadir al carrito",
        added_to_cart: "Añadido a tu carrito.",
        view_cart: "Ver carrito",
        quantity: "Cantidad",
        remove: "Quitar",
        only_left: |n| format!("Solo quedan {n}: reduce la cantidad"),
        sold_by: |shop| format!("De {shop}"),
        delivery: "Envío",
        items: "Artículos",
        discount: "Descuentos",
        shipping: "Envío",
        order_total: "Total del pedido",
        to_pay: "A pagar",
        sign_in_to_buy: "Inicia sesión para pagar. Tu carrito te acompaña.",
        shopper_only: "Para comprar necesitas una cuenta de comprador. Inicia sesión como comprador para usar el carrito.",
        go_to_checkout: "Ir a pagar",
        checkout_title: "Pago",
        address: "Dirección de entrega",
        full_name: "Nombre completo",
        address_line1: "Calle y número",
        address_line2: "Piso, puerta (opcional)",
        city: "Ciudad",
        postcode: "Código postal",
        region: "País o región",
        payment: "Pago",
        card_number: "Número de tarjeta",
        card_expiry: "Caducidad (MM/AA)",
        card_expiry_hint: "Tal como aparece en la tarjeta, p. ej. 12/29",
        card_cvc: "Código de seguridad (CVC)",
        test_cards_title: "Tarjetas de prueba (no se mueve dinero real)",
        test_cards: [
            "4242 4242 4242 4242: pagada",
            "4000 0000 0000 0002: rechazada",
            "4000 0000 0000 9995: fondos insuficientes",
            "4000 0000 0000 3220: tu banco pide confirmación",
            "Cualquier fecha de caducidad futura y cualquier código de 3 cifras",
        ],
        pay: |amount| format!("Pagar {amount}"),
        paying: "Pagando…",
        retrying: "Se cortó la conexión. Reintentamos el mismo pago: no se te cobrará dos veces.",
        confirming_payment: "Confirmando tu pago con el banco…",
        connection_lost: "Sin conexión. No se cobró nada; revisa tu conexión y vuelve a pagar.",
        escrow_note: "Bazaar guarda tu pago hasta que confirmes que el paquete llegó. Solo entonces cobra el vendedor.",
        required: "Obligatorio",
        challenge_title: "Confirma con tu banco",
        challenge_body: |amount| format!("Tu banco te pide confirmar un pago de {amount} a Bazaar."),
        approve: "Confirmar el pago",
        decline: "Cancelar el pago",
        decline_message: |code| match code {
            "card_declined" => "Tu tarjeta fue rechazada. No se cobró nada; prueba con otra tarjeta.",
            "insufficient_funds" => {
                "Tu tarjeta fue rechazada por fondos insuficientes. No se cobró nada; prueba con otra."
            }
            "expired_card" => "Tu tarjeta ha caducado. No se cobró nada; prueba con otra tarjeta.",
            "challenge_failed" => "Tu banco no confirmó el pago. No se cobró nada.",
            "invalid_token" => {
                "No pudimos leer los datos de tu tarjeta. No se cobró nada; vuelve a introducirlos."
            }
            _ => "El pago no se completó. No se cobró nada.",
        },
        card_problem: |code| match code {
            "invalid_number" => "Ese número de tarjeta no es válido.",
            "not_a_test_card" => "Esta es una tienda de prueba: usa una de las tarjetas de prueba.",
            "invalid_expiry" => "Escribe la caducidad como MM/AA.",
            "expired_card" => "Esta tarjeta ha caducado.",
            "invalid_cvc" => "Escribe las 3 o 4 cifras del reverso de la tarjeta.",
            _ => "Revisa los datos de la tarjeta.",
        },
        price_changed: "Un precio cambió desde que lo viste. Revisa el nuevo total y vuelve a pagar.",
        orders_title: "Mis pedidos",
        orders_empty: "Aún no tienes pedidos.",
        order_placed: |n| {
            if n == 1 {
                "¡Gracias! Tu pedido está hecho.".into()
            } else {
                format!("¡Gracias! Se han hecho {n} pedidos, uno por tienda.")
            }
        },
        order_from: |shop| format!("Pedido de {shop}"),
        order_number: |id| format!("Pedido {id}"),
        placed_on: |date| format!("Hecho el {date}"),
        states: [
            "Pendiente de pago",
            "Pago fallido",
            "Pagado",
            "Enviado",
            "Entregado",
            "Completado",
            "Cancelado",
        ],
        escrow_status: |state, release| match (state, release) {
            ("pending_payment", _) => "Estamos confirmando tu pago.".into(),
            ("payment_failed", _) => "El pago no se completó. No se cobró nada.".into(),
            ("paid" | "shipped", _) => "Bazaar guarda tu pago hasta que confirmes la recepción.".into(),
            ("delivered", Some(date)) => format!(
                "Bazaar guarda tu pago hasta que confirmes la recepción; se libera automáticamente el {date}."
            ),
            ("delivered", None) => "Bazaar guarda tu pago hasta que confirmes la recepción.".into(),
            ("completed", _) => "El pago se liberó al vendedor.".into(),
            _ => "Cancelado. Se te devolvió todo lo pagado.".into(),
        },
        confirm_receipt: "Confirmar recepción",
        confirm_receipt_hint: "Confirma solo cuando tengas el paquete: el vendedor cobra en ese momento.",
        cancel_order: "Cancelar pedido",
        cancel_reason: "Motivo (el comprador lo verá)",
        paid_with: |brand, last4| format!("Pagado con {brand} terminada en {last4}"),
        split: |net, commission| format!("El vendedor recibe {net}; la comisión de Bazaar es {commission}."),
        ship_to: "Enviar a",
        tracking_number: "Número de seguimiento",
        mark_shipped: "Marcar como enviado",
        back_to_orders: "Todos los pedidos",
        date: |year, month, day| {
            const MONTHS: [&str; 12] = [
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ];
            format!("{day} de {} de {year}", MONTHS[(month as usize).clamp(1, 12) - 1])
        },
        money_title: "Dinero",
        held: "Retenido en garantía",
        held_hint: "Pagado por los compradores; es tuyo cuando confirman la recepción o llega la fecha de liberación.",
        available: "Disponible",
        paid_out: "Transferido",
        commission: "Comisión",
        pay_out: |amount| format!("Transferir {amount}"),
        payout_done: |amount| format!("{amount} va de camino a tu banco."),
        payout_minimum: |amount| format!("Las transferencias empiezan en {amount}."),
        orders_to_ship: "Pedidos por enviar",
        nothing_to_ship: "No hay nada que enviar ahora.",
        shop_orders: "Pedidos",
        tracking_title: "Seguimiento",
        tracking_statuses: [
            "Etiqueta creada",
            "Recogido",
            "En tránsito",
            "En un centro de clasificación",
            "En aduanas",
            "En reparto",
            "Intento de entrega fallido",
            "Listo para recoger",
            "Entregado",
            "De vuelta al vendedor",
            "Devuelto al vendedor",
            "Requiere atención",
            "Perdido",
        ],
        carrier_said: |raw| format!("Transportista: {raw}"),
    },
    imports: ImportTexts {
        open: "Importar desde CSV",
        title: "Importar anuncios",
        intro: "Añade muchos anuncios a la vez desde una hoja de cálculo guardada como CSV. Llegan como borradores: añade fotos y publica.",
        choose_file: "Elige un archivo CSV",
        columns_hint: "Una fila por variante; las filas con el mismo identificador forman un anuncio. Columnas:",
        template: "Descargar una plantilla",
        pick: "Elegir archivo…",
        reading: "Leyendo el archivo…",
        file_refused: |reason| format!("Este archivo no se puede importar: {reason}."),
        preview: "Vista previa",
        counts: |rows, ready, problems| {
            format!("{rows} filas: {ready} anuncios listos, {problems} filas con problemas.")
        },
        preview_columns: ["Identificador", "Título", "Variantes", "Precio mínimo", "Existencias"],
        problems: "Filas con problemas (sus anuncios quedan fuera)",
        at: |line, column| format!("Línea {line}, {column}:"),
        row_problems: [
            "necesita un valor.",
            "no es un precio (escribe 12.50).",
            "no es un número entero.",
            "no nombra ninguna categoría (usa un identificador como lighting).",
            "otra fila de este anuncio tiene un problema.",
        ],
        start: |n| {
            if n == 1 {
                "Importar 1 anuncio como borrador".into()
            } else {
                format!("Importar {n} anuncios como borradores")
            }
        },
        progress_label: "Progreso de la importación",
        progress: |done, total| format!("{done} de {total} anuncios importados"),
        recent: "Importaciones recientes",
        none: "Aún no hay importaciones.",
        download_problems: |n| {
            if n == 1 {
                "Descargar la fila con un problema".into()
            } else {
                format!("Descargar las {n} filas con problemas")
            }
        },
        see_drafts: "Ver los borradores",
    },
    seller_orders: SellerOrderTexts {
        title: "Pedidos",
        intro: "Todos los pedidos de tu tienda según su estado. Envía los pagados antes de que se acabe su plazo.",
        tabs: ["Por enviar", "Enviados", "Entregados", "Completados", "Cancelados"],
        sort_by: "Ordenar por",
        sorts: ["Más recientes", "Más antiguos", "Plazo de envío primero", "Mayor importe primero"],
        empty: "No hay pedidos aquí.",
        placed: |date, items| {
            if items == 1 {
                format!("Realizado el {date} · 1 artículo")
            } else {
                format!("Realizado el {date} · {items} artículos")
            }
        },
        ship_within: |duration| format!("Envía en menos de {duration}"),
        overdue_by: |duration| format!("Retrasado {duration}"),
        ship: "Enviar",
        packing_slip: "Albarán",
        back: "Todos los pedidos",
        slip_columns: ["Artículo", "SKU", "Cantidad", "Empaquetado"],
        slip_note: "Gracias por tu pedido. ¿Preguntas? Escribe a la tienda desde la página de tu pedido en Bazaar.",
    },
    listings: ListingTexts {
        title: "Anuncios",
        intro: "Todo lo que vende tu tienda. Los borradores son privados hasta que los publicas; cambia precios y existencias en la tabla.",
        new_listing: "Nuevo anuncio",
        show: "Mostrar",
        all: "Todos los anuncios",
        statuses: ["Borrador", "En venta", "Retirado"],
        sort_by: "Ordenar por",
        sorts: [
            "Cambiados hace poco",
            "Título",
            "Precio: de menor a mayor",
            "Precio: de mayor a menor",
            "Menos existencias",
        ],
        columns: ["Anuncio", "Estado", "Precio y existencias por variante", "Acciones"],
        empty: "Todavía no hay anuncios aquí.",
        save_changes: |n| if n == 1 { "Guardar 1 cambio".into() } else { format!("Guardar {n} cambios") },
        changes_saved: |n| {
            if n == 1 { "1 variante actualizada.".into() } else { format!("{n} variantes actualizadas.") }
        },
        publish: "Publicar",
        unpublish: "Retirar de la venta",
        edit: "Editar",
        back: "Todos los anuncios",
        edit_title: "Editar anuncio",
        category: "Categoría",
        choose_category: "Elige una categoría",
        field_title: "Título",
        description: "Descripción",
        attributes: "Atributos",
        attribute_names: ["Material", "Color", "Talla", "Capacidad", "Estampado"],
        warranty: "Garantía (meses)",
        variants: "Variantes",
        sku: "SKU",
        price_in: |currency| format!("Precio ({currency})"),
        stock: "Existencias",
        add_variant: "Añadir variante",
        remove_variant: "Quitar",
        pictures: "Fotos",
        save_first: "Guarda primero el borrador y luego añade fotos.",
        add_picture: "Añadir fotos",
        uploading: |name, percent| format!("Subiendo {name}: {percent} %"),
        preview: "Vista previa",
        preview_hint: "Tu tarjeta tal como la ven los compradores en la búsqueda.",
        save_draft: "Guardar borrador",
        save: "Guardar",
        saved: "Guardado.",
        now_on_sale: "Publicado: el anuncio está a la venta.",
        now_off_sale: "Retirado de la venta. Publícalo de nuevo cuando quieras.",
        ready: "Listo para publicar.",
        missing: "Antes de publicar:",
        problem: |problem| {
            use shared::listing::ListingProblem as P;
            match problem {
                P::Required => "Obligatorio para publicar.".into(),
                P::TooShort { min } => format!("Al menos {min} caracteres."),
                P::TooLong { max } => format!("Como máximo {max} caracteres."),
                P::OutOfRange { min, max } => format!("Entre {min} y {max}."),
                P::TooMany { max } => format!("Como máximo {max}."),
                P::InvalidSku => "Solo letras, cifras, - _ y .".into(),
                P::DuplicateSku => "Otra variante tiene este SKU.".into(),
                P::UnknownAttribute => "Un atributo es desconocido, repetido o demasiado largo.".into(),
                P::DuplicateOptions => "Otra variante tiene las mismas opciones.".into(),
                P::NoImage => "Añade al menos una foto.".into(),
                P::ShopNotVerified => "Tu tienda debe estar verificada primero.".into(),
            }
        },
        not_a_price: "Escribe un precio como 12.50.",
        total_stock: |n| format!("{n} en existencia"),
    },
    logistics: LogisticsTexts {
        arrives_between: |from, to| format!("Llega entre el {from} y el {to}"),
        delivered_on: |day| format!("Entregado el {day}"),
        short_date: |month, day| {
            const MONTHS: [&str; 12] =
                ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"];
            format!("{day} {}", MONTHS[(month.clamp(1, 12) - 1) as usize])
        },
        arrives_dates: |from, to| {
            if from == to { format!("Llega el {to}") } else { format!("Llega {from} – {to}") }
        },
        late: "Con retraso",
        late_hint: "El plazo de entrega prometido ha pasado. El transportista sigue con el envío; el dinero sigue en custodia.",
        ship_by: |date| format!("Enviar antes del {date}"),
        choose_carrier: "Elige un transportista",
        choose_carrier_hint: "Ordenados por precio, rapidez, capacidad libre hoy e historial de cada transportista.",
        no_carriers: "Ningún transportista de la red cubre esta ruta. Envía con tu propio transportista abajo.",
        transit_days: |min, max| {
            if min == max {
                format!("{max} días en tránsito")
            } else {
                format!("{min}–{max} días en tránsito")
            }
        },
        partner_score: |score| format!("Puntuación {score}"),
        reasons: [
            "Recomendado",
            "El más barato",
            "El más rápido",
            "El más fiable",
            "Sale mañana",
            "Completo hoy",
        ],
        ship_with: |carrier| format!("Enviar con {carrier}"),
        own_carrier: "Envío con mi propio transportista",
        print_label: "Imprimir etiqueta",
        label_title: "Etiqueta de envío",
        label_from: "Remitente",
        label_to: "Destinatario",
        label_items: |n| if n == 1 { "1 artículo".into() } else { format!("{n} artículos") },
        print: "Imprimir",
        shipments_title: "Envíos",
        shipments_columns: [
            "Pedido",
            "Transportista",
            "Número de seguimiento",
            "Estado",
            "Entregar antes de",
            "Estándares",
        ],
        no_shipments: "Aún no hay envíos.",
        breach_names: ["Enviado tarde", "Sin escaneo del transportista", "Entregado tarde"],
        sla_title: "Estándares de servicio",
        sla_rules: |days, hours| {
            format!(
                "Envía en {days} días hábiles; el transportista debe escanear el paquete en {hours} horas desde la etiqueta."
            )
        },
        sla_counts: |late, unscanned| {
            format!("Últimos 30 días: {late} enviados tarde, {unscanned} sin escanear a tiempo.")
        },
        carriers_title: "Transportistas",
        carriers_columns: [
            "Transportista",
            "Puntuación",
            "A tiempo",
            "Incidencias",
            "Escaneos completos",
            "Entregas tardías",
            "Reservados hoy",
        ],
        provisional: "nuevo",
    },
    onboarding: &super::onboarding::ES,
    scorecard: ScorecardTexts {
        title: "Rendimiento",
        intro: |days| {
            format!(
                "Medido con tus pedidos de los últimos {days} días. Cada gráfico muestra los últimos 90 días."
            )
        },
        metrics: [
            "Tasa de pedidos defectuosos",
            "Tasa de envíos tardíos",
            "Tasa de cancelación",
            "Tasa de seguimiento válido",
            "Tasa de disponibilidad",
            "Tiempo medio de preparación",
            "Valoración",
        ],
        statuses: ["Cumple el objetivo", "En riesgo", "No cumple", "Aún sin datos"],
        advice: [
            "Contacta a quien informe de un problema antes de que abra una disputa y embala para el viaje.",
            "Mantén descripciones y fotos fieles y embala bien: así los defectos siguen siendo raros.",
            "Envía primero los pedidos atrasados y fija un tiempo de preparación que puedas cumplir cada día.",
            "Envías a tiempo. Sigue dentro de tu tiempo de preparación.",
            "Mantén el stock al día para no vender nunca lo que no tienes.",
            "Envía con un transportista de la red y entrega el paquete el día que imprimes la etiqueta.",
            "Repón los productos agotados o pausa su venta hasta que llegue el stock.",
            "Prepara y entrega los paquetes antes, antes de la recogida diaria.",
            "Pide una reseña a los clientes contentos y responde rápido a los descontentos.",
            "Aún no hay reseñas. Aparecerán aquí cuando los clientes valoren sus pedidos.",
        ],
        target_below: |limit| format!("Objetivo: menos de {limit}"),
        target_at_most: |limit| format!("Objetivo: como máximo {limit}"),
        target_above: |limit| format!("Objetivo: más de {limit}"),
        target_at_least: |limit| format!("Objetivo: al menos {limit}"),
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
        listings_counted: |n| if n == 1 { "1 producto".into() } else { format!("{n} productos") },
        reviews_counted: |n| if n == 1 { "de 1 reseña".into() } else { format!("de {n} reseñas") },
        shop_rating_so_far: "valoración actual de la tienda",
        no_value: "—",
        no_history: "Medido hoy; aún no se guarda historial.",
        chart_title: |measure| format!("{measure}, últimos 90 días"),
        chart_desc: |first, last, target| format!("En 90 días: de {first} a {last}. {target}."),
        days_ago_90: "hace 90 días",
        today: "hoy",
        performance_score: |score| format!("Índice de rendimiento {score}/100"),
        performance_hint: "Las medidas de pedidos de abajo en un número: 50 significa todas justo en su límite, 100 es perfecto. Una mejor puntuación sube tus anuncios en la búsqueda.",
    },
    analytics: &super::analytics::ES,
    pwa: &super::pwa::ES,
    statement: StatementTexts {
        title: "Extracto",
        intro: "Cada movimiento de tu dinero en el periodo, del más reciente al más antiguo. Los días son UTC.",
        from: "Desde",
        to: "Hasta",
        show: "Ver",
        totals: "Totales del periodo",
        total_names: ["Retenido en garantía", "Liberado para ti", "Comisión", "Reembolsos", "Pagado"],
        columns: ["Fecha", "Concepto", "Pedido", "Importe", "Disponible después"],
        kinds: [
            "Venta retenida en garantía",
            "Liberado para ti",
            "Comisión",
            "Reembolso",
            "Pago",
            "Pago devuelto",
        ],
        entry_count: |n| {
            if n == 1 {
                "1 movimiento en el periodo".into()
            } else {
                format!("{n} movimientos en el periodo")
            }
        },
        empty: "No hubo movimientos de dinero en este periodo.",
        download: "Descargar CSV",
        order: |id| format!("Pedido {id}"),
    },
};
