//! Words the generator combines into realistic listings and shops.

/// A leaf category and what its products are made of.
pub struct LeafCategory {
    pub slug: &'static str,
    pub name: &'static str,
    pub nouns: &'static [&'static str],
    pub materials: &'static [&'static str],
    /// Sizes offered, when the category has sizes.
    pub sizes: &'static [&'static str],
    /// Price range in US cents; other currencies are derived at typical price levels.
    pub price_usd_cents: (i64, i64),
}

pub struct TopCategory {
    pub slug: &'static str,
    pub name: &'static str,
    pub leaves: &'static [LeafCategory],
}

const NO_SIZES: &[&str] = &[];

pub const CATEGORIES: &[TopCategory] = &[
    TopCategory {
        slug: "home-living",
        name: "Home & Living",
        leaves: &[
            LeafCategory {
                slug: "lighting",
                name: "Lighting",
                nouns: &[
                    "Desk Lamp",
                    "Floor Lamp",
                    "Pendant Light",
                    "Table Lamp",
                    "Wall Sconce",
                    "Reading Lamp",
                ],
                materials: &["Brass", "Ceramic", "Oak", "Rattan", "Steel", "Linen", "Walnut"],
                sizes: NO_SIZES,
                price_usd_cents: (1_500, 18_000),
            },
            LeafCategory {
                slug: "kitchen",
                name: "Kitchen",
                nouns: &["Chef's Knife", "Skillet", "Cutting Board", "Espresso Cup Set", "Teapot", "Kettle"],
                materials: &["Stainless Steel", "Cast Iron", "Acacia", "Stoneware", "Porcelain", "Copper"],
                sizes: NO_SIZES,
                price_usd_cents: (900, 25_000),
            },
            LeafCategory {
                slug: "textiles",
                name: "Bedding & Textiles",
                nouns: &[
                    "Duvet Cover",
                    "Throw Blanket",
                    "Cushion Cover",
                    "Bath Towel Set",
                    "Table Runner",
                    "Quilt",
                ],
                materials: &["Linen", "Cotton", "Wool", "Bamboo", "Velvet"],
                sizes: &["Single", "Double", "Queen", "King"],
                price_usd_cents: (1_200, 16_000),
            },
        ],
    },
    TopCategory {
        slug: "electronics",
        name: "Electronics",
        leaves: &[
            LeafCategory {
                slug: "audio",
                name: "Audio",
                nouns: &[
                    "Wireless Earbuds",
                    "Bookshelf Speaker",
                    "Over-Ear Headphones",
                    "Portable Speaker",
                    "Soundbar",
                ],
                materials: &["Matte Black", "Silver", "White", "Graphite", "Walnut"],
                sizes: NO_SIZES,
                price_usd_cents: (2_500, 45_000),
            },
            LeafCategory {
                slug: "phone-accessories",
                name: "Phone Accessories",
                nouns: &[
                    "Phone Case",
                    "Fast Charger",
                    "Power Bank",
                    "Charging Cable",
                    "Car Mount",
                    "Wireless Charger",
                ],
                materials: &["Silicone", "Leather", "Aluminium", "Braided Nylon", "Recycled Plastic"],
                sizes: NO_SIZES,
                price_usd_cents: (600, 7_000),
            },
            LeafCategory {
                slug: "computer-accessories",
                name: "Computer Accessories",
                nouns: &[
                    "Mechanical Keyboard",
                    "Wireless Mouse",
                    "USB-C Hub",
                    "Laptop Stand",
                    "Monitor Light",
                    "Webcam",
                ],
                materials: &["Aluminium", "ABS", "Walnut", "Steel"],
                sizes: NO_SIZES,
                price_usd_cents: (1_500, 20_000),
            },
        ],
    },
    TopCategory {
        slug: "fashion",
        name: "Fashion",
        leaves: &[
            LeafCategory {
                slug: "shoes",
                name: "Shoes",
                nouns: &["Running Shoes", "Sneakers", "Hiking Boots", "Slip-Ons", "Chelsea Boots", "Sandals"],
                materials: &["Leather", "Canvas", "Suede", "Mesh", "Nubuck"],
                sizes: &["EU 37", "EU 38", "EU 39", "EU 40", "EU 41", "EU 42", "EU 43", "EU 44"],
                price_usd_cents: (2_500, 22_000),
            },
            LeafCategory {
                slug: "bags",
                name: "Bags",
                nouns: &["Backpack", "Tote Bag", "Crossbody Bag", "Weekender Bag", "Wallet", "Laptop Sleeve"],
                materials: &["Leather", "Waxed Canvas", "Nylon", "Cork", "Felt"],
                sizes: NO_SIZES,
                price_usd_cents: (1_500, 30_000),
            },
            LeafCategory {
                slug: "outerwear",
                name: "Outerwear",
                nouns: &[
                    "Rain Jacket",
                    "Puffer Jacket",
                    "Coat",
                    "Denim Jacket",
                    "Fleece Vest",
                    "Windbreaker",
                ],
                materials: &["Wool", "Recycled Polyester", "Denim", "Cotton", "Down"],
                sizes: &["XS", "S", "M", "L", "XL", "XXL"],
                price_usd_cents: (3_000, 40_000),
            },
        ],
    },
    TopCategory {
        slug: "outdoors",
        name: "Sports & Outdoors",
        leaves: &[
            LeafCategory {
                slug: "camping",
                name: "Camping",
                nouns: &[
                    "Two-Person Tent",
                    "Sleeping Bag",
                    "Camping Stove",
                    "Headlamp",
                    "Trekking Poles",
                    "Bottle",
                ],
                materials: &["Ripstop Nylon", "Aluminium", "Titanium", "Stainless Steel"],
                sizes: NO_SIZES,
                price_usd_cents: (1_500, 35_000),
            },
            LeafCategory {
                slug: "fitness",
                name: "Fitness",
                nouns: &[
                    "Yoga Mat",
                    "Adjustable Dumbbells",
                    "Resistance Bands",
                    "Jump Rope",
                    "Foam Roller",
                    "Kettlebell",
                ],
                materials: &["Natural Rubber", "Cork", "Cast Iron", "TPE", "Steel"],
                sizes: NO_SIZES,
                price_usd_cents: (800, 30_000),
            },
        ],
    },
    TopCategory {
        slug: "beauty",
        name: "Beauty & Health",
        leaves: &[LeafCategory {
            slug: "skincare",
            name: "Skincare",
            nouns: &[
                "Face Serum",
                "Sheet Mask Set",
                "Sunscreen SPF 50",
                "Cleansing Balm",
                "Night Cream",
                "Toner",
            ],
            materials: &["Green Tea", "Hyaluronic", "Centella", "Vitamin C", "Ceramide", "Rice"],
            sizes: &["30 ml", "50 ml", "100 ml"],
            price_usd_cents: (800, 6_000),
        }],
    },
    TopCategory {
        slug: "toys-hobbies",
        name: "Toys & Hobbies",
        leaves: &[
            LeafCategory {
                slug: "building-sets",
                name: "Building Sets",
                nouns: &["Castle Building Set", "Robot Kit", "Marble Run", "Block Set", "Model Airplane"],
                materials: &["Beech Wood", "ABS", "Bamboo", "Cardboard"],
                sizes: NO_SIZES,
                price_usd_cents: (1_200, 15_000),
            },
            LeafCategory {
                slug: "board-games",
                name: "Board Games",
                nouns: &["Strategy Board Game", "1000-Piece Puzzle", "Card Game", "Chess Set", "Go Set"],
                materials: &["Wood", "Cardboard", "Bamboo", "Marble"],
                sizes: NO_SIZES,
                price_usd_cents: (1_000, 12_000),
            },
        ],
    },
];

pub const ADJECTIVES: &[&str] = &[
    "Classic",
    "Compact",
    "Handmade",
    "Minimalist",
    "Vintage",
    "Modern",
    "Essential",
    "Premium",
    "Everyday",
    "Travel",
    "Nordic",
    "Heritage",
];

pub const COLOURS: &[&str] = &[
    "Black",
    "White",
    "Sand",
    "Olive",
    "Navy",
    "Terracotta",
    "Charcoal",
    "Sage",
    "Cream",
    "Rust",
    "Sky Blue",
];

/// A market sellers come from: region, currency, and words for shop names in the local language.
pub struct Market {
    pub region: &'static str,
    pub currency: &'static str,
    /// The national post or parcel company domestic economy and standard parcels travel with.
    pub domestic_carrier: &'static str,
    pub name_starts: &'static [&'static str],
    pub name_ends: &'static [&'static str],
}

pub const MARKETS: &[Market] = &[
    Market {
        region: "US",
        domestic_carrier: "Liberty Parcel",
        currency: "USD",
        name_starts: &["Maple", "Hudson", "Cedar", "Lakeshore", "Prairie", "Copper", "Brooklyn", "Harbor"],
        name_ends: &["Goods", "Supply Co.", "Workshop", "Outfitters", "Trading", "Studio"],
    },
    Market {
        region: "DE",
        domestic_carrier: "Rheinpost",
        currency: "EUR",
        name_starts: &[
            "Nordlicht",
            "Alpen",
            "Lisboa",
            "Sevilla",
            "Provence",
            "Amsterdam",
            "Berlin",
            "Toscana",
        ],
        name_ends: &["Atelier", "Handel", "Casa", "Markt", "Werkstatt", "Haus"],
    },
    Market {
        region: "BR",
        domestic_carrier: "Correio Veloz",
        currency: "BRL",
        name_starts: &["Casa", "Rio", "Paulista", "Bahia", "Minas", "Ipanema", "Floripa"],
        name_ends: &["Design", "Artesanato", "Store", "Loja", "Mercado"],
    },
    Market {
        region: "RU",
        domestic_carrier: "Sever Express",
        currency: "RUB",
        name_starts: &["Волга", "Урал", "Нева", "Байкал", "Алтай", "Север"],
        name_ends: &["Маркет", "Мастерская", "Текстиль", "Дом", "Лавка"],
    },
    Market {
        region: "KR",
        domestic_carrier: "Hangang Logistics",
        currency: "KRW",
        name_starts: &["한옥", "서울", "부산", "제주", "한강", "남산"],
        name_ends: &["리빙", "상회", "공방", "마켓", "스토어"],
    },
];
