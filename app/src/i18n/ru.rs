use shared::locale::Locale;

use super::Messages;

/// Russian has three plural forms: 1 товар, 3 товара, 5 товаров (and 11–14 take the last).
fn products_word(n: u64) -> &'static str {
    match (n % 10, n % 100) {
        (1, m) if m != 11 => "товар",
        (2..=4, m) if !(12..=14).contains(&m) => "товара",
        _ => "товаров",
    }
}

pub const MESSAGES: Messages = Messages {
    skip_to_content: "Перейти к содержимому",
    brand_tagline: "Открытый маркетплейс",
    language_label: "Язык",
    nav_shop: "Магазин",
    nav_seller: "Продавать на Bazaar",
    nav_admin: "Оператор",
    main_navigation: "Основная навигация",

    home_title: "Покупайте у независимых продавцов без риска",
    home_subtitle: "Тысячи магазинов, одна корзина. Оплата хранится на эскроу-счёте, пока вы не подтвердите получение.",
    trust_escrow_title: "Эскроу для каждого заказа",
    trust_escrow_body: "Продавец получает деньги только после вашего подтверждения.",
    trust_tracking_title: "Единое отслеживание",
    trust_tracking_body: "Статусы всех перевозчиков на одном понятном языке.",
    trust_disputes_title: "Честные споры",
    trust_disputes_body: "Если что-то пошло не так, решает нейтральный оператор.",

    products_heading: "Новинки",
    product_count: |n| format!("{} {}", Locale::Ru.format_count(n), products_word(n)),
    in_stock: "В наличии",
    out_of_stock: "Нет в наличии",
    sold_by: |shop| format!("Продавец: {shop}"),
    rating: |stars| format!("Оценка {stars} из 5"),
    no_rating: "Пока нет оценок",
    loading_products: "Загружаем товары…",
    load_failed: "Не удалось загрузить товары.",
    retry: "Повторить",
    no_products: "Товаров пока нет. Загляните позже.",
    pagination_label: "Страницы",
    page_status: |page, pages| format!("Страница {page} из {pages}"),
    previous_page: "Назад",
    next_page: "Вперёд",

    not_found_title: "Страница не найдена",
    not_found_body: "Такой страницы нет или она переехала.",
    back_to_shop: "Вернуться в магазин",

    seller_title: "Кабинет продавца",
    seller_intro: "Весь магазин в одной вкладке: товары, заказы, эскроу и выплаты, показатели.",
    admin_title: "Консоль оператора",
    admin_intro: "Проверка продавцов, арбитраж споров и состояние маркетплейса.",
    console_sections: ["Обзор", "Товары", "Заказы", "Деньги"],
    admin_sections: ["Обзор", "Продавцы", "Споры", "Перевозчики"],
    console_sign_in_needed: "Войдите с аккаунтом продавца, чтобы увидеть свой магазин.",

    footer_note: "Bazaar — открытый проект. Оплата хранится на эскроу до подтверждения доставки.",
};
