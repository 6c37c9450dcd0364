//! Texts of the seller's sales analytics (`shared::analytics`), in every language, side by side like onboarding's;
//! each language's `Messages` points at its const here.

use shared::locale::Locale;

pub struct AnalyticsTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub show: &'static str,
    /// The label of the quick ranges: "Quick ranges".
    pub quick_ranges: &'static str,
    /// "Last {n} days" (a quick range's accessible name).
    pub last_days: fn(u32) -> String,
    /// "{n} days" (a quick range's visible label, short enough for three abreast on a phone).
    pub days_short: fn(u32) -> String,
    pub group_by: &'static str,
    /// Day, week — in `Granularity` order.
    pub granularities: [&'static str; 2],
    /// GMV, orders, views, conversion.
    pub kpis: [&'static str; 4],
    /// What GMV counts (under its tile).
    pub gmv_hint: &'static str,
    /// What conversion is (under its tile).
    pub conversion_hint: &'static str,
    /// "Up {percent}" / "Down {percent}" against the previous period.
    pub change_up: fn(&str) -> String,
    pub change_down: fn(&str) -> String,
    pub no_change: &'static str,
    /// When the previous period had nothing, no percentage means anything.
    pub no_comparison: &'static str,
    /// "vs {from} – {to}" (the previous period).
    pub versus: fn(&str, &str) -> String,
    /// GMV, orders, conversion — the charts' measures.
    pub charts: [&'static str; 3],
    /// "by day", "by week" — after a chart's measure.
    pub per_granularity: [&'static str; 2],
    /// The chart's description: first day, last day, highest bar, total.
    pub chart_desc: fn(&str, &str, &str, &str) -> String,
    /// The top of a chart's scale: "Highest {value}".
    pub highest: fn(&str) -> String,
    /// "Week of {date}".
    pub week_of: fn(&str) -> String,
    /// The summary that opens the charts' numbers as a table.
    pub data_table: &'static str,
    /// Period, GMV, orders, views, conversion.
    pub table_columns: [&'static str; 5],
    pub top_title: &'static str,
    /// Product, views, orders, units, GMV, conversion.
    pub top_columns: [&'static str; 6],
    pub sort_by: &'static str,
    /// In `TopProductSort::ALL` order: GMV, orders, units, views, conversion.
    pub sorts: [&'static str; 5],
    /// A column header's button: "Sort by {column}, highest first".
    pub sort_button: fn(&str) -> String,
    pub no_products: &'static str,
    pub empty_title: &'static str,
    pub empty_body: &'static str,
    pub empty_listings: &'static str,
    pub empty_longer: &'static str,
    /// Shown where there is no value (conversion without views).
    pub no_value: &'static str,
}

pub const EN: AnalyticsTexts = AnalyticsTexts {
    title: "Analytics",
    intro: "Sales, product views and conversion over the period you choose, compared with the period just before. Days are UTC.",
    from: "From",
    to: "To",
    show: "Show",
    quick_ranges: "Quick ranges",
    last_days: |n| format!("Last {n} days"),
    days_short: |n| format!("{n} days"),
    group_by: "Group by",
    granularities: ["Day", "Week"],
    kpis: ["GMV", "Orders", "Views", "Conversion"],
    gmv_hint: "Goods in paid orders after your promotions, without shipping.",
    conversion_hint: "Orders ÷ product page views.",
    change_up: |p| format!("Up {p}"),
    change_down: |p| format!("Down {p}"),
    no_change: "No change",
    no_comparison: "Nothing to compare with",
    versus: |from, to| format!("vs {from} – {to}"),
    charts: ["GMV", "Orders", "Conversion"],
    per_granularity: ["by day", "by week"],
    chart_desc: |from, to, highest, total| format!("From {from} to {to}: highest {highest}, in all {total}."),
    highest: |v| format!("Highest {v}"),
    week_of: |date| format!("Week of {date}"),
    data_table: "Show the numbers",
    table_columns: ["Period", "GMV", "Orders", "Views", "Conversion"],
    top_title: "Top products",
    top_columns: ["Product", "Views", "Orders", "Units", "GMV", "Conversion"],
    sort_by: "Sort by",
    sorts: ["GMV", "Orders", "Units", "Views", "Conversion"],
    sort_button: |column| format!("Sort by {column}, highest first"),
    no_products: "No product was viewed or ordered in this period.",
    empty_title: "No sales or views in this period yet",
    empty_body: "When shoppers look at and buy your listings, GMV, orders and conversion appear here day by day.",
    empty_listings: "Check your listings",
    empty_longer: "See the last 90 days",
    no_value: "—",
};

pub const ES: AnalyticsTexts = AnalyticsTexts {
    title: "Analíticas",
    intro: "Ventas, visitas a tus productos y conversión en el periodo que elijas, comparadas con el periodo anterior. Los días son UTC.",
    from: "Desde",
    to: "Hasta",
    show: "Mostrar",
    quick_ranges: "Rangos rápidos",
    last_days: |n| format!("Últimos {n} días"),
    days_short: |n| format!("{n} días"),
    group_by: "Agrupar por",
    granularities: ["Día", "Semana"],
    kpis: ["GMV", "Pedidos", "Visitas", "Conversión"],
    gmv_hint: "Productos de pedidos pagados tras tus promociones, sin envío.",
    conversion_hint: "Pedidos ÷ visitas a la página del producto.",
    change_up: |p| format!("Sube {p}"),
    change_down: |p| format!("Baja {p}"),
    no_change: "Sin cambios",
    no_comparison: "Nada con qué comparar",
    versus: |from, to| format!("frente a {from} – {to}"),
    charts: ["GMV", "Pedidos", "Conversión"],
    per_granularity: ["por día", "por semana"],
    chart_desc: |from, to, highest, total| format!("Del {from} al {to}: máximo {highest}, en total {total}."),
    highest: |v| format!("Máximo {v}"),
    week_of: |date| format!("Semana del {date}"),
    data_table: "Ver las cifras",
    table_columns: ["Periodo", "GMV", "Pedidos", "Visitas", "Conversión"],
    top_title: "Productos principales",
    top_columns: ["Producto", "Visitas", "Pedidos", "Unidades", "GMV", "Conversión"],
    sort_by: "Ordenar por",
    sorts: ["GMV", "Pedidos", "Unidades", "Visitas", "Conversión"],
    sort_button: |column| format!("Ordenar por {column}, de mayor a menor"),
    no_products: "Ningún producto tuvo visitas ni pedidos en este periodo.",
    empty_title: "Aún no hay ventas ni visitas en este periodo",
    empty_body: "Cuando los compradores vean y compren tus productos, el GMV, los pedidos y la conversión aparecerán aquí día a día.",
    empty_listings: "Revisa tus productos",
    empty_longer: "Ver los últimos 90 días",
    no_value: "—",
};

pub const PT: AnalyticsTexts = AnalyticsTexts {
    title: "Análises",
    intro: "Vendas, visualizações dos seus anúncios e conversão no período que você escolher, comparadas com o período anterior. Os dias são em UTC.",
    from: "De",
    to: "Até",
    show: "Mostrar",
    quick_ranges: "Períodos rápidos",
    last_days: |n| format!("Últimos {n} dias"),
    days_short: |n| format!("{n} dias"),
    group_by: "Agrupar por",
    granularities: ["Dia", "Semana"],
    kpis: ["GMV", "Pedidos", "Visualizações", "Conversão"],
    gmv_hint: "Produtos de pedidos pagos após suas promoções, sem frete.",
    conversion_hint: "Pedidos ÷ visualizações da página do produto.",
    change_up: |p| format!("Alta de {p}"),
    change_down: |p| format!("Queda de {p}"),
    no_change: "Sem variação",
    no_comparison: "Nada para comparar",
    versus: |from, to| format!("vs. {from} – {to}"),
    charts: ["GMV", "Pedidos", "Conversão"],
    per_granularity: ["por dia", "por semana"],
    chart_desc: |from, to, highest, total| format!("De {from} a {to}: máximo {highest}, no total {total}."),
    highest: |v| format!("Máximo {v}"),
    week_of: |date| format!("Semana de {date}"),
    data_table: "Ver os números",
    table_columns: ["Período", "GMV", "Pedidos", "Visualizações", "Conversão"],
    top_title: "Principais produtos",
    top_columns: ["Produto", "Visualizações", "Pedidos", "Unidades", "GMV", "Conversão"],
    sort_by: "Ordenar por",
    sorts: ["GMV", "Pedidos", "Unidades", "Visualizações", "Conversão"],
    sort_button: |column| format!("Ordenar por {column}, do maior para o menor"),
    no_products: "Nenhum produto teve visualizações ou pedidos neste período.",
    empty_title: "Ainda não há vendas nem visualizações neste período",
    empty_body: "Quando os compradores virem e comprarem seus anúncios, o GMV, os pedidos e a conversão aparecem aqui dia a dia.",
    empty_listings: "Ver seus anúncios",
    empty_longer: "Ver os últimos 90 dias",
    no_value: "—",
};

/// "день", "дня", "дней" for `n`.
fn ru_days(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (1, hundred) if hundred != 11 => "день",
        (2..=4, hundred) if !(12..=14).contains(&hundred) => "дня",
        _ => "дней",
    }
}

pub const RU: AnalyticsTexts = AnalyticsTexts {
    title: "Аналитика",
    intro: "Продажи, просмотры товаров и конверсия за выбранный период в сравнении с предыдущим. Дни — по UTC.",
    from: "С",
    to: "По",
    show: "Показать",
    quick_ranges: "Быстрый выбор",
    last_days: |n| format!("Последние {} {}", Locale::Ru.format_count(u64::from(n)), ru_days(n)),
    days_short: |n| format!("{} {}", Locale::Ru.format_count(u64::from(n)), ru_days(n)),
    group_by: "Группировать",
    granularities: ["По дням", "По неделям"],
    kpis: ["Оборот (GMV)", "Заказы", "Просмотры", "Конверсия"],
    gmv_hint: "Товары в оплаченных заказах с учётом ваших акций, без доставки.",
    conversion_hint: "Заказы ÷ просмотры страниц товаров.",
    change_up: |p| format!("Рост на {p}"),
    change_down: |p| format!("Снижение на {p}"),
    no_change: "Без изменений",
    no_comparison: "Не с чем сравнить",
    versus: |from, to| format!("к {from} – {to}"),
    charts: ["Оборот (GMV)", "Заказы", "Конверсия"],
    per_granularity: ["по дням", "по неделям"],
    chart_desc: |from, to, highest, total| format!("С {from} по {to}: максимум {highest}, всего {total}."),
    highest: |v| format!("Максимум {v}"),
    week_of: |date| format!("Неделя с {date}"),
    data_table: "Показать цифры",
    table_columns: ["Период", "Оборот", "Заказы", "Просмотры", "Конверсия"],
    top_title: "Лучшие товары",
    top_columns: ["Товар", "Просмотры", "Заказы", "Штук", "Оборот", "Конверсия"],
    sort_by: "Сортировать",
    sorts: ["По обороту", "По заказам", "По штукам", "По просмотрам", "По конверсии"],
    sort_button: |column| format!("Сортировать: {column}, по убыванию"),
    no_products: "За этот период товары не смотрели и не заказывали.",
    empty_title: "За этот период пока нет продаж и просмотров",
    empty_body: "Когда покупатели начнут смотреть и покупать ваши товары, оборот, заказы и конверсия появятся здесь по дням.",
    empty_listings: "К вашим товарам",
    empty_longer: "Показать последние 90 дней",
    no_value: "—",
};

pub const KO: AnalyticsTexts = AnalyticsTexts {
    title: "분석",
    intro: "선택한 기간의 판매, 상품 조회수, 전환율을 직전 기간과 비교해 보여 줍니다. 날짜는 UTC 기준입니다.",
    from: "시작일",
    to: "종료일",
    show: "보기",
    quick_ranges: "빠른 기간 선택",
    last_days: |n| format!("최근 {n}일"),
    days_short: |n| format!("{n}일"),
    group_by: "묶음 단위",
    granularities: ["일별", "주별"],
    kpis: ["거래액(GMV)", "주문", "조회수", "전환율"],
    gmv_hint: "결제된 주문의 상품 금액(프로모션 적용 후, 배송비 제외).",
    conversion_hint: "주문 ÷ 상품 페이지 조회수.",
    change_up: |p| format!("{p} 증가"),
    change_down: |p| format!("{p} 감소"),
    no_change: "변동 없음",
    no_comparison: "비교할 데이터 없음",
    versus: |from, to| format!("{from} – {to} 대비"),
    charts: ["거래액(GMV)", "주문", "전환율"],
    per_granularity: ["일별", "주별"],
    chart_desc: |from, to, highest, total| format!("{from}부터 {to}까지: 최고 {highest}, 합계 {total}."),
    highest: |v| format!("최고 {v}"),
    week_of: |date| format!("{date} 주"),
    data_table: "수치 보기",
    table_columns: ["기간", "거래액", "주문", "조회수", "전환율"],
    top_title: "인기 상품",
    top_columns: ["상품", "조회수", "주문", "수량", "거래액", "전환율"],
    sort_by: "정렬",
    sorts: ["거래액순", "주문순", "수량순", "조회수순", "전환율순"],
    sort_button: |column| format!("{column} 높은 순으로 정렬"),
    no_products: "이 기간에 조회되거나 주문된 상품이 없습니다.",
    empty_title: "이 기간에는 아직 판매와 조회가 없습니다",
    empty_body: "구매자가 상품을 보고 구매하면 거래액, 주문, 전환율이 여기에 날마다 표시됩니다.",
    empty_listings: "상품 관리로 가기",
    empty_longer: "최근 90일 보기",
    no_value: "—",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_day_counts_use_the_three_plural_forms() {
        assert_eq!((RU.last_days)(7), "Последние 7 дней");
        assert_eq!((RU.last_days)(22), "Последние 22 дня");
        assert_eq!((RU.last_days)(90), "Последние 90 дней");
    }

    #[test]
    fn every_language_has_its_own_analytics_texts() {
        for texts in [&ES, &PT, &RU, &KO] {
            assert_ne!(texts.title, EN.title);
            assert_ne!(texts.empty_title, EN.empty_title);
            assert_ne!((texts.last_days)(7), (EN.last_days)(7));
        }
    }
}
