use kehoach_restore::*;
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let r = Restorer::shipped_without(&a[2]).unwrap();
    let text = std::fs::read_to_string(&a[1]).unwrap();
    let w = r.estimate_weights(&text);
    println!("{w:?}");
    let m = &r.model;
    let mut c = decode::Candidates::new(m, w);
    for t in &a[3..] {
        let v = c.for_word(t, false);
        for x in v.iter().take(6) {
            println!("{t}: {:?} {:?} cost {:.2} uni {:.2}", x.text, x.ids, x.cost, m.lm.unigram(x.ids[0]));
        }
    }
}
