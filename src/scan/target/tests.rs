//! Expected values written by reading the seeds.

use super::*;

fn t(s: &str) -> Vec<(String, f64, String, &'static str)> {
    find_targets(s)
        .into_iter()
        .map(|x| (x.indicator, x.value, x.unit, x.comparator.as_str()))
        .collect()
}

fn one(s: &str, ind: &str, v: f64, unit: &str, cmp: &'static str) {
    assert_eq!(
        t(s),
        vec![(ind.to_string(), v, unit.to_string(), cmp)],
        "{s}"
    );
}

#[test]
fn seed000_chi_tieu_cu_the() {
    one("+ 100% Phòng, đơn vị trực thuộc sử dụng và xử lý văn bản qua phần mềm Quản lý văn bản do UBND tỉnh triển khai.",
        "Phòng, đơn vị trực thuộc sử dụng và xử lý văn bản qua phần mềm Quản lý văn bản do UBND tỉnh triển khai", 100.0, "%", "=");
    one("+ Trên 95% văn bản đi được ký số đúng quy định; văn bản trao đổi, xử lý công việc giữa các Phòng, đơn vị thuộc Sở được thực hiện dưới dạng điện tử.",
        "văn bản đi được ký số đúng quy định", 95.0, "%", ">");
    one("+ Trên 90% hồ sơ công việc tại Sở được xử lý trên môi trường mạng (trừ hồ sơ công việc thuộc phạm vi bí mật nhà nước).",
        "hồ sơ công việc tại Sở được xử lý trên môi trường mạng (trừ hồ sơ công việc thuộc phạm vi bí mật nhà nước)", 90.0, "%", ">");
    one("+ 100% cán bộ, công chức, viên chức thuộc Sở được nhập hồ sơ trên phần mềm Quản lý cán bộ, công chức, viên chức.",
        "cán bộ, công chức, viên chức thuộc Sở được nhập hồ sơ trên phần mềm Quản lý cán bộ, công chức, viên chức", 100.0, "%", "=");
    one(
        "+ 100% hồ sơ được cập nhật đầy đủ, kịp thời khi có thay đổi.",
        "hồ sơ được cập nhật đầy đủ, kịp thời khi có thay đổi",
        100.0,
        "%",
        "=",
    );
    one("+ Phấn đấu giải quyết trước hạn, đúng hạn từ 95% trở lên số hồ sơ thủ tục hành chính được tiếp nhận.",
        "giải quyết trước hạn, đúng hạn số hồ sơ thủ tục hành chính được tiếp nhận", 95.0, "%", ">=");
    one(
        "+ 100% báo cáo được thực hiện kịp thời, đúng thời gian quy định.",
        "báo cáo được thực hiện kịp thời, đúng thời gian quy định",
        100.0,
        "%",
        "=",
    );
    assert!(t("+ Thường xuyên cập nhật thông tin tuyên truyền phổ biến pháp luật, chính sách của ngành, địa phương.").is_empty());
    one(
        "+ Tần suất cập nhật tin tức, sự kiện đạt 02 tin, bài/tuần.",
        "Tần suất cập nhật tin tức, sự kiện",
        2.0,
        "tin, bài/tuần",
        "=",
    );
    one(
        "- 100% máy tính của Sở có kết nối Internet (trừ máy tính soạn văn bản mật).",
        "máy tính của Sở có kết nối Internet (trừ máy tính soạn văn bản mật)",
        100.0,
        "%",
        "=",
    );
    assert!(t("- Tiếp tục rà soát các thủ tục hành chính đủ điều kiện theo quy định của pháp luật cung cấp dưới hình thức dịch vụ công trực tuyến đủ điều kiện toàn phần theo quy định. Phấn đấu thực hiện trả kết quả trực tuyến đối với thủ tục hành chính khi đủ điều kiện.").is_empty());
}

#[test]
fn seed000_chinh_quyen_so() {
    one(
        "- Tỷ lệ hồ sơ TTHC được tiếp nhận và xử lý trực tuyến đạt 90%.",
        "Tỷ lệ hồ sơ TTHC được tiếp nhận và xử lý trực tuyến",
        90.0,
        "%",
        "=",
    );
    one(
        "- Tỷ lệ TTHC cung cấp trực tuyến mức độ toàn trình và một phần có phát sinh hồ sơ 80%.",
        "Tỷ lệ TTHC cung cấp trực tuyến mức độ toàn trình và một phần có phát sinh hồ sơ",
        80.0,
        "%",
        "=",
    );
    one(
        "- Tỷ lệ người dân, doanh nghiệp hài lòng với dịch vụ của Sở đạt từ 90% trở lên.",
        "Tỷ lệ người dân, doanh nghiệp hài lòng với dịch vụ của Sở",
        90.0,
        "%",
        ">=",
    );
    assert!(t("- Tỷ lệ dịch vụ công trực tuyến toàn trình của Sở được tích hợp, cung cấp trên Cổng Dịch vụ công quốc gia đạt tỷ lệ theo quy định.").is_empty());
}

#[test]
fn seed002_chi_tieu_a_to_e() {
    one("Cung cấp dịch vụ công trực tuyến toàn trình đối với TTHC đủ điều kiện đạt trung bình tối thiểu 95%.",
        "Cung cấp dịch vụ công trực tuyến toàn trình đối với TTHC đủ điều kiện", 95.0, "%", ">=");
    one(
        "Hồ sơ trực tuyến toàn trình đạt tỷ lệ trung bình tối thiểu 60%.",
        "Hồ sơ trực tuyến toàn trình",
        60.0,
        "%",
        ">=",
    );
    one(
        "Tỷ lệ cấp kết quả giải quyết TTHC điện tử đạt 100%.",
        "Tỷ lệ cấp kết quả giải quyết TTHC điện tử",
        100.0,
        "%",
        "=",
    );
    one(
        "Tỷ lệ người dân, doanh nghiệp hài lòng trong giải quyết TTHC đạt 90%.",
        "Tỷ lệ người dân, doanh nghiệp hài lòng trong giải quyết TTHC",
        90.0,
        "%",
        "=",
    );
    one("Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng (trừ hồ sơ công việc thuộc phạm vi bí mật nhà nước) tại đơn vị đạt 90%.",
        "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng (trừ hồ sơ công việc thuộc phạm vi bí mật nhà nước) tại đơn vị", 90.0, "%", "=");
    let e = t("Tỷ lệ phê duyệt cấp độ an toàn hệ thống thông tin của đơn vị đạt 100%, tỷ lệ triển khai đầy đủ phương án bảo đảm an toàn hệ thống thông tin theo cấp độ của các cơ quan nhà nước đạt 100%.");
    assert_eq!(
        e,
        vec![
            ("Tỷ lệ phê duyệt cấp độ an toàn hệ thống thông tin của đơn vị".to_string(), 100.0, "%".to_string(), "="),
            ("tỷ lệ triển khai đầy đủ phương án bảo đảm an toàn hệ thống thông tin theo cấp độ của các cơ quan nhà nước".to_string(), 100.0, "%".to_string(), "="),
        ]
    );
}

#[test]
fn several_in_one_sentence() {
    let v = t("Phấn đấu 90% hồ sơ được xử lý trực tuyến tại cấp tỉnh; 80% hồ sơ tại cấp huyện và 60% hồ sơ tại cấp xã.");
    let got: Vec<(&str, f64)> = v.iter().map(|x| (x.0.as_str(), x.1)).collect();
    assert_eq!(
        got,
        vec![
            ("hồ sơ được xử lý trực tuyến tại cấp tỉnh", 90.0),
            ("hồ sơ tại cấp huyện", 80.0),
            ("hồ sơ tại cấp xã", 60.0)
        ]
    );
    let v = t("b) Đảm bảo 100% công chức, viên chức được trang bị máy tính phục vụ công tác chuyên môn; 100% máy tính được kết nối mạng (trừ máy tính dùng soạn thảo văn bản mật); thực hiện cài đặt chương trình diệt virus theo phân bổ của Sở Thông tin và Truyền thông.");
    assert_eq!(v.len(), 2);
    assert_eq!(
        v[0].0,
        "công chức, viên chức được trang bị máy tính phục vụ công tác chuyên môn"
    );
    assert_eq!(
        v[1].0,
        "máy tính được kết nối mạng (trừ máy tính dùng soạn thảo văn bản mật)"
    );
}

#[test]
fn other_units_and_comparators() {
    one("- Nâng cao Chỉ số mức độ chuyển đổi số năm 2024 của Sở Giao thông vận tải, phấn đấu kết quả xếp loại chuyển đổi số năm 2024 của Sở Giao thông vận tải tăng ít nhất 05 bậc so với năm 2023.",
        "kết quả xếp loại chuyển đổi số năm 2024 của Sở Giao thông vận tải tăng so với năm 2023", 5.0, "bậc", ">=");
    one("- Dự kiến tổng kinh phí thực hiện: 53,7 tỷ đồng (Bằng chữ: Năm mươi ba tỷ, bảy trăm triệu đồng).",
        "Dự kiến tổng kinh phí thực hiện", 53.7, "tỷ đồng", "=");
    one("Tham mưu kế hoạch sử dụng kinh phí cho công tác an toàn thông tin từ nguồn đầu tư đảm bảo >3% tổng kinh phí đầu tư từ NSNN cho ATTT",
        "Tham mưu kế hoạch sử dụng kinh phí cho công tác an toàn thông tin từ nguồn đầu tư đảm bảo tổng kinh phí đầu tư từ NSNN cho ATTT", 3.0, "%", ">");
    let v = t("Tham mưu văn bản quán triệt, triển khai; phấn đấu từ 99% trở lên văn bản được thực hiện dưới dạng điện tử, được ký số bởi chữ ký số chuyên dùng");
    assert_eq!((v[0].1, v[0].3), (99.0, ">="));
    let v = t("Tỷ lệ lỗi dưới 5%; thời gian xử lý tối đa 3 lần");
    assert_eq!(
        (v[0].1, v[0].3, v[1].1, v[1].2.as_str(), v[1].3),
        (5.0, "<", 3.0, "lần", "<=")
    );
    let v = t("Nhân lực số đạt 52,63%; xử lý đạt 39.392 hồ sơ");
    assert_eq!((v[0].1, v[1].1, v[1].2.as_str()), (52.63, 39392.0, "hồ sơ"));
}

#[test]
fn not_targets() {
    for s in [
        "Quý III/2024",
        "Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ",
        "- Có 02 phòng họp trực tiếp và trực tuyến với các đơn vị thuộc Sở",
        "Hiện nay, 100% các cán bộ, công chức sử dụng Phần mềm Quản lý văn bản và Điều hành để giải quyết công việc",
        "Trong năm 2021, Sở đã tiếp nhận và giải quyết 39.392 hồ sơ, trong đó giải quyết trước hạn là 23.237 hồ sơ",
        "Căn cứ Quyết định số 401/QĐ-UBND ngày 05/04/2024 của UBND tỉnh; Nhận thức số được 70/100 điểm, đạt 70%",
        "Kế hoạch số 190/KH-UBND ngày 14 tháng 10 năm 2024 đạt mục tiêu năm 2025",
        "",
    ] {
        assert!(t(s).is_empty(), "{s}");
    }
}

#[test]
fn years() {
    assert_eq!(target_year("3.2.Mục tiêu đến năm 2025"), Some(2025));
    assert_eq!(target_year("3.1. Mục tiêu năm 2022"), Some(2022));
    assert_eq!(
        target_year("Xây dụng Chính quyền điện tử và Chuyển đổi số năm 2024"),
        Some(2024)
    );
    assert_eq!(
        target_year("Cải thiện Chỉ số mức độ chuyển đổi số (DTI) năm 2024"),
        Some(2024)
    );
    assert_eq!(
        target_year("Chương trình ... năm 2024, định hướng đến năm 2030"),
        Some(2030)
    );
    assert_eq!(target_year("giai đoạn 2021 – 2025"), Some(2025));
    assert_eq!(target_year("Mục tiêu chung"), None);
}

#[test]
fn evaluation_results_and_markup() {
    assert!(
        t("Đạt điểm tối đa: Đơn vị có 2424/2679 hồ sơ giải quyết trực tuyến (đạt 90,48%)")
            .is_empty()
    );
    assert!(t("Không đạt: Sở Giao thông vận tải cử 2/68 công chức, viên chức tham gia bồi dưỡng, đạt tỉ lệ 2,94%").is_empty());
    let v = t("Rà soát cấp mới; Đảm bảo </i> 100% công chức có chữ ký số");
    assert_eq!((v[0].1, v[0].3), (100.0, "="));
}
