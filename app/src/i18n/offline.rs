//! Texts of the offline storefront (the connection indicator, what is shown from this device, changes queued
//! while offline and their conflicts), in every language side by side like analytics'. Kept out of `Messages`
//! so the feature adds one file; [`offline_texts`] picks the language.

use shared::locale::Locale;

pub struct OfflineTexts {
    /// The indicator's accessible name.
    pub indicator_label: &'static str,
    pub online: &'static str,
    /// Said in words, not colour alone.
    pub offline: &'static str,
    /// "{n} changes wait to be sent".
    pub pending: fn(usize) -> String,
    /// "Sending changes made offline…".
    pub syncing: &'static str,
    /// "Last updated {time}".
    pub last_updated: fn(&str) -> String,
    /// Above data shown from this device while offline.
    pub showing_saved: &'static str,
    /// Nothing kept on this device for the page yet.
    pub nothing_saved: &'static str,
    /// A cart change made offline.
    pub cart_queued: &'static str,
    /// A receipt confirmation made offline.
    pub confirm_queued: &'static str,
    /// The heading over conflicts found when replaying.
    pub conflicts_title: &'static str,
    /// "{title}: the price changed from {was} to {now}".
    pub price_changed: fn(&str, &str, &str) -> String,
    /// "{title}: only {n} left".
    pub short_stock: fn(&str, u32) -> String,
    /// "{title} is no longer on sale".
    pub gone: fn(&str) -> String,
    /// "Receipt of {order} could not be confirmed: {reason}".
    pub not_confirmed: fn(&str, &str) -> String,
    pub dismiss: &'static str,
    /// "Last tracking: {status}".
    pub last_tracking: fn(&str) -> String,
    pub recently_viewed: &'static str,
}

pub fn offline_texts(locale: Locale) -> &'static OfflineTexts {
    match locale {
        Locale::En => &EN,
        Locale::Es => &ES,
        Locale::Pt => &PT,
        Locale::Ru => &RU,
        Locale::Ko => &KO,
    }
}

pub const EN: OfflineTexts = OfflineTexts {
    indicator_label: "Connection",
    online: "Online",
    offline: "Offline — showing what this device saved",
    pending: |n| match n {
        1 => "1 change waits to be sent".to_string(),
        n => format!("{n} changes wait to be sent"),
    },
    syncing: "Sending changes made offline…",
    last_updated: |time| format!("Last updated {time}"),
    showing_saved: "You are offline. This is what this device saved.",
    nothing_saved: "You are offline and nothing is saved on this device for this page yet.",
    cart_queued: "Saved on this device. It goes into your cart when you are back online.",
    confirm_queued: "Saved on this device. Your confirmation is sent when you are back online.",
    conflicts_title: "Some changes made offline need your attention",
    price_changed: |title, was, now| format!("{title}: the price changed from {was} to {now}."),
    short_stock: |title, n| match n {
        0 => format!("{title} is out of stock."),
        n => format!("{title}: only {n} left."),
    },
    gone: |title| format!("{title} is no longer on sale."),
    not_confirmed: |order, reason| format!("Receipt of “{order}” could not be confirmed: {reason}"),
    dismiss: "Dismiss",
    last_tracking: |status| format!("Last tracking: {status}"),
    recently_viewed: "Recently viewed",
};

pub const ES: OfflineTexts = OfflineTexts {
    indicator_label: "Conexión",
    online: "En línea",
    offline: "Sin conexión: se muestra lo guardado en este dispositivo",
    pending: |n| match n {
        1 => "1 cambio pendiente de envío".to_string(),
        n => format!("{n} cambios pendientes de envío"),
    },
    syncing: "Enviando los cambios hechos sin conexión…",
    last_updated: |time| format!("Última actualización: {time}"),
    showing_saved: "Estás sin conexión. Esto es lo que guardó este dispositivo.",
    nothing_saved: "Estás sin conexión y este dispositivo aún no guardó nada de esta página.",
    cart_queued: "Guardado en este dispositivo. Se añadirá a tu carrito cuando vuelvas a estar en línea.",
    confirm_queued: "Guardado en este dispositivo. Tu confirmación se enviará cuando vuelvas a estar en línea.",
    conflicts_title: "Algunos cambios hechos sin conexión necesitan tu atención",
    price_changed: |title, was, now| format!("{title}: el precio cambió de {was} a {now}."),
    short_stock: |title, n| match n {
        0 => format!("{title} está agotado."),
        1 => format!("{title}: solo queda 1."),
        n => format!("{title}: solo quedan {n}."),
    },
    gone: |title| format!("{title} ya no está a la venta."),
    not_confirmed: |order, reason| format!("No se pudo confirmar la recepción de «{order}»: {reason}"),
    dismiss: "Cerrar",
    last_tracking: |status| format!("Último seguimiento: {status}"),
    recently_viewed: "Vistos recientemente",
};

pub const PT: OfflineTexts = OfflineTexts {
    indicator_label: "Conexão",
    online: "On-line",
    offline: "Off-line — mostrando o que este aparelho salvou",
    pending: |n| match n {
        1 => "1 alteração aguardando envio".to_string(),
        n => format!("{n} alterações aguardando envio"),
    },
    syncing: "Enviando as alterações feitas off-line…",
    last_updated: |time| format!("Atualizado em {time}"),
    showing_saved: "Você está off-line. Isto é o que este aparelho salvou.",
    nothing_saved: "Você está off-line e este aparelho ainda não salvou nada desta página.",
    cart_queued: "Salvo neste aparelho. Vai para o seu carrinho quando você voltar a ficar on-line.",
    confirm_queued: "Salvo neste aparelho. Sua confirmação será enviada quando você voltar a ficar on-line.",
    conflicts_title: "Algumas alterações feitas off-line precisam da sua atenção",
    price_changed: |title, was, now| format!("{title}: o preço mudou de {was} para {now}."),
    short_stock: |title, n| match n {
        0 => format!("{title} está esgotado."),
        1 => format!("{title}: resta só 1."),
        n => format!("{title}: restam só {n}."),
    },
    gone: |title| format!("{title} não está mais à venda."),
    not_confirmed: |order, reason| format!("Não foi possível confirmar o recebimento de “{order}”: {reason}"),
    dismiss: "Fechar",
    last_tracking: |status| format!("Último rastreio: {status}"),
    recently_viewed: "Vistos recentemente",
};

/// Russian has three plural forms: 1 изменение, 3 изменения, 5 изменений (and 11–14 take the last).
fn changes_word(n: usize) -> &'static str {
    match (n % 10, n % 100) {
        (1, m) if m != 11 => "изменение ждёт",
        (2..=4, m) if !(12..=14).contains(&m) => "изменения ждут",
        _ => "изменений ждут",
    }
}

pub const RU: OfflineTexts = OfflineTexts {
    indicator_label: "Соединение",
    online: "В сети",
    offline: "Нет сети — показано то, что сохранено на этом устройстве",
    pending: |n| format!("{n} {} отправки", changes_word(n)),
    syncing: "Отправляем изменения, сделанные без сети…",
    last_updated: |time| format!("Обновлено {time}"),
    showing_saved: "Вы не в сети. Вот что сохранено на этом устройстве.",
    nothing_saved: "Вы не в сети, а для этой страницы на устройстве пока ничего не сохранено.",
    cart_queued: "Сохранено на устройстве. Попадёт в корзину, когда сеть вернётся.",
    confirm_queued: "Сохранено на устройстве. Подтверждение отправится, когда сеть вернётся.",
    conflicts_title: "Некоторые изменения, сделанные без сети, требуют внимания",
    price_changed: |title, was, now| format!("{title}: цена изменилась с {was} на {now}."),
    short_stock: |title, n| match n {
        0 => format!("{title}: нет в наличии."),
        n => format!("{title}: осталось только {n} шт."),
    },
    gone: |title| format!("{title} больше не продаётся."),
    not_confirmed: |order, reason| format!("Не удалось подтвердить получение «{order}»: {reason}"),
    dismiss: "Скрыть",
    last_tracking: |status| format!("Последний статус доставки: {status}"),
    recently_viewed: "Вы недавно смотрели",
};

pub const KO: OfflineTexts = OfflineTexts {
    indicator_label: "연결 상태",
    online: "온라인",
    offline: "오프라인 — 이 기기에 저장된 내용을 보여 줍니다",
    pending: |n| format!("전송 대기 중인 변경 {n}건"),
    syncing: "오프라인에서 한 변경을 보내는 중…",
    last_updated: |time| format!("마지막 업데이트: {time}"),
    showing_saved: "오프라인 상태입니다. 이 기기에 저장된 내용입니다.",
    nothing_saved: "오프라인 상태이며 이 페이지에 대해 이 기기에 저장된 내용이 아직 없습니다.",
    cart_queued: "이 기기에 저장했습니다. 다시 온라인이 되면 장바구니에 담깁니다.",
    confirm_queued: "이 기기에 저장했습니다. 다시 온라인이 되면 수령 확인이 전송됩니다.",
    conflicts_title: "오프라인에서 한 일부 변경을 확인해 주세요",
    price_changed: |title, was, now| format!("{title}: 가격이 {was}에서 {now}(으)로 바뀌었습니다."),
    short_stock: |title, n| match n {
        0 => format!("{title}: 품절되었습니다."),
        n => format!("{title}: {n}개만 남았습니다."),
    },
    gone: |title| format!("{title}: 더 이상 판매하지 않습니다."),
    not_confirmed: |order, reason| format!("“{order}” 수령 확인을 하지 못했습니다: {reason}"),
    dismiss: "닫기",
    last_tracking: |status| format!("최근 배송 상태: {status}"),
    recently_viewed: "최근 본 상품",
};
