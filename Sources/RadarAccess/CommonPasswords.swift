/// The most common passwords, lower case, as published in breach-frequency lists, together with the long
/// keyboard walks and repetitions that slip past a length rule. Compared case-insensitively.
enum CommonPasswords {
    /// Whether `folded` (lower case) is a common password, or one dressed up to pass a length rule: a listed
    /// password with digits and symbols added before or after it ("Summer2024!!", "123coaching"), the same listed
    /// word repeated, or one character over and over.
    static func contains(_ folded: String) -> Bool {
        if all.contains(folded) { return true }
        if let first = folded.first, folded.allSatisfy({ $0 == first }) { return true }
        let padding: (Character) -> Bool = { !$0.isLetter }
        let core = String(folded.drop(while: padding).reversed().drop(while: padding).reversed())
        if core.count >= 4, core != folded, all.contains(core) { return true }
        for length in 4...max(4, core.count / 2) where core.count % length == 0 {
            let unit = core.prefix(length)
            if all.contains(String(unit)), String(repeating: String(unit), count: core.count / length) == core {
                return true
            }
        }
        return false
    }

    static let all: Set<String> = [
        "123456", "password", "12345678", "qwerty", "123456789", "12345", "1234", "111111", "1234567", "dragon",
        "123123", "baseball", "abc123", "football", "monkey", "letmein", "696969", "shadow", "master", "666666",
        "qwertyuiop", "123321", "mustang", "1234567890", "michael", "654321", "superman", "1qaz2wsx", "7777777",
        "121212", "000000", "qazwsx", "123qwe", "killer", "trustno1", "jordan", "jennifer", "zxcvbnm", "asdfgh",
        "hunter", "buster", "soccer", "harley", "batman", "andrew", "tigger", "sunshine", "iloveyou", "2000",
        "charlie", "robert", "thomas", "hockey", "ranger", "daniel", "starwars", "klaster", "112233", "george",
        "computer", "michelle", "jessica", "pepper", "1111", "zxcvbn", "555555", "11111111", "131313", "freedom",
        "777777", "pass", "maggie", "159753", "aaaaaa", "ginger", "princess", "joshua", "cheese", "amanda",
        "summer", "love", "ashley", "nicole", "chelsea", "biteme", "matthew", "access", "yankees", "987654321",
        "dallas", "austin", "thunder", "taylor", "matrix", "mobilemail", "mom", "monitor", "monitoring", "montana",
        "moon", "moscow", "password1", "password12", "password123", "password1234", "password12345", "passw0rd",
        "p@ssw0rd", "p@ssword", "welcome", "welcome1", "welcome123", "admin", "admin123", "administrator", "root",
        "toor", "login", "qwerty123", "qwerty1", "qwerty12345", "1q2w3e4r", "1q2w3e4r5t", "1q2w3e", "1q2w3e4r5t6y",
        "zaq12wsx", "zaq1zaq1", "abcd1234", "abcdef", "abcdefg", "abcdefgh", "abcdefghijkl", "123abc", "a1b2c3",
        "a1b2c3d4", "iloveyou1", "princess1", "football1", "baseball1", "sunshine1", "monkey1", "dragon1",
        "master1", "shadow1", "superman1", "letmein1", "loveme", "lovely", "hello", "hello123", "hellohello",
        "secret", "secret123", "whatever", "qwertyuiopasdfghjkl", "qwertyuiopas", "qwertyuiopasdf", "asdfghjkl",
        "asdfghjkl123", "zxcvbnm123", "zxcvbnmasdfghjkl", "1qazxsw2", "123456789012", "1234567890123",
        "12345678901234", "123456123456", "123123123123", "111111111111", "000000000000", "123456654321",
        "1234512345", "12341234", "11223344", "01234567", "0123456789", "987654321012", "qwerty123456",
        "qwertyqwerty", "passwordpassword", "iloveyouiloveyou", "letmeinletmein", "changeme", "changeme123",
        "changemeplease", "default", "default123", "guest", "guest123", "test", "test123", "testtest", "testing",
        "testing123", "temp", "temp123", "temporary", "temppassword", "sample", "demo", "demo123", "user",
        "user123", "username", "football123", "baseball123", "basketball", "soccer123", "hockey123", "liverpool",
        "arsenal", "chelsea123", "manchester", "manutd", "barcelona", "realmadrid", "juventus", "pokemon",
        "pokemon123", "minecraft", "fortnite", "roblox", "starwars1", "startrek", "batman123", "spiderman",
        "ironman", "superman123", "harrypotter", "hogwarts", "gandalf", "frodo", "naruto", "sasuke", "goku",
        "dragonball", "onepiece", "myspace", "myspace1", "facebook", "google", "youtube", "twitter", "instagram",
        "linkedin", "yahoo", "hotmail", "gmail", "outlook", "microsoft", "windows", "apple", "iphone", "samsung",
        "summer2020", "summer2021", "summer2022", "summer2023", "summer2024", "summer2025", "winter2020",
        "winter2021", "winter2022", "winter2023", "winter2024", "winter2025", "spring2023", "spring2024",
        "autumn2023", "autumn2024", "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "charlie123", "jordan23", "michael1", "jessica1", "ashley1", "nicole1", "daniel1",
        "andrew1", "joshua1", "matthew1", "jennifer1", "michelle1", "anthony", "william", "richard", "joseph",
        "david", "james", "john", "mary", "linda", "patricia", "elizabeth", "barbara", "susan", "margaret", "sarah",
        "flower", "flowers", "butterfly", "rainbow", "purple", "orange", "yellow", "silver", "golden", "diamond",
        "crystal", "angel", "angels", "angel1", "blessed", "jesus", "jesus1", "jesuschrist", "christ", "heaven",
        "faith", "grace", "trinity", "god", "godisgood", "ihatemyself", "killme", "fuckyou", "fuckoff", "asshole",
        "bitch", "123654", "147258369", "147258", "258456", "741852963", "963852741", "159357", "789456", "456789",
        "456123", "321654", "102030", "112233445566", "121314", "135790", "246810", "999999", "888888", "222222",
        "333333", "444444", "11111", "22222", "aaaaa", "zzzzzz", "qqqqqq", "computer1", "internet", "security",
        "security1", "network", "server", "database", "mysql", "oracle", "postgres", "postgresql", "system",
        "system1", "letmein123", "trustme", "secret1", "private", "privacy", "confidential", "opensesame", "sesame",
        "opensesame1", "mypassword", "mypass", "mypassword1", "mypassword123", "yourpassword", "thepassword",
        "newpassword", "newpassword1", "oldpassword", "nopassword", "password!", "password1!", "password123!",
        "qwerty!", "abc123!", "welcome!", "admin!", "letmein!", "iloveyou!", "1qaz!qaz", "!qaz2wsx", "@dmin123",
        "correcthorse", "correcthorsebatterystaple", "coaching", "mentoring", "coachingculture", "leadership",
        "leadership1", "management", "company", "company123", "business", "business123", "office", "office123",
        "work", "work123", "hr123456", "humanresources", "qazwsxedc", "qazwsxedcrfv", "1qaz2wsx3edc",
        "1qaz2wsx3edc4rfv", "zaq1xsw2cde3", "!qaz@wsx#edc", "asdf1234", "asdfasdf", "asdfqwer", "qwerasdf",
        "qwerasdfzxcv", "zxcvasdfqwer", "1234qwer", "qwer1234", "1234asdf", "asdf;lkj", "poiuytrewq", "lkjhgfdsa",
        "mnbvcxz", "trustno1trustno1", "baseballbaseball", "footballfootball", "monkeymonkey", "dragondragon",
        "shadowshadow", "mastermaster", "sunshinesunshine", "princessprincess", "superman1234", "batman1234",
        "iloveyou123", "iloveyou1234", "loveyou", "loveyou123",
    ]
}
