use shared::locale::Locale;

use super::Messages;

pub const MESSAGES: Messages = Messages {
    skip_to_content: "본문으로 건너뛰기",
    brand_tagline: "열린 마켓플레이스",
    language_label: "언어",
    nav_shop: "쇼핑",
    nav_seller: "Bazaar에서 판매하기",
    nav_admin: "운영자",
    main_navigation: "주 메뉴",

    home_title: "독립 판매자에게 안심하고 구매하세요",
    home_subtitle: "수천 개의 상점, 한 번의 결제. 상품 수령을 확인할 때까지 결제 대금은 에스크로에 보관됩니다.",
    trust_escrow_title: "모든 주문에 에스크로",
    trust_escrow_body: "수령을 확인한 후에만 판매자에게 대금이 지급됩니다.",
    trust_tracking_title: "하나의 배송 조회",
    trust_tracking_body: "모든 택배사의 소식을 하나의 쉬운 말로 보여 드립니다.",
    trust_disputes_title: "공정한 분쟁 해결",
    trust_disputes_body: "문제가 생기면 중립적인 운영자가 판단합니다.",

    products_heading: "신상품",
    product_count: |n| format!("상품 {}개", Locale::Ko.format_count(n)),
    in_stock: "재고 있음",
    out_of_stock: "품절",
    sold_by: |shop| format!("판매자: {shop}"),
    rating: |stars| format!("평점 {stars}/5"),
    no_rating: "아직 평점 없음",
    loading_products: "상품을 불러오는 중…",
    load_failed: "상품을 불러오지 못했습니다.",
    retry: "다시 시도",
    no_products: "아직 상품이 없습니다. 곧 다시 방문해 주세요.",
    pagination_label: "페이지",
    page_status: |page, pages| format!("{pages}페이지 중 {page}페이지"),
    previous_page: "이전",
    next_page: "다음",

    not_found_title: "페이지를 찾을 수 없습니다",
    not_found_body: "요청하신 페이지가 없거나 이동되었습니다.",
    back_to_shop: "쇼핑으로 돌아가기",

    seller_title: "판매자 센터",
    seller_intro: "상품, 주문, 에스크로와 정산, 성과까지 한 탭에서 상점을 운영하세요.",
    admin_title: "운영자 콘솔",
    admin_intro: "판매자 인증, 분쟁 중재, 마켓플레이스 상태 확인.",
    console_sections: ["개요", "상품", "주문", "정산"],
    admin_sections: ["개요", "판매자", "분쟁", "택배사"],
    console_sign_in_needed: "상점을 보려면 판매자 계정으로 로그인하세요.",

    footer_note: "Bazaar는 오픈 소스입니다. 배송이 확인될 때까지 결제 대금은 에스크로에 보관됩니다.",
};
