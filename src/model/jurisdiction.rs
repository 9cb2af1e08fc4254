//! Jurisdictions (states, territories, `national`, or whatever a site configures) and the
//! regions that group them. Built in: the 50 states, DC and five territories with their ACF
//! regions I to X. A site's `planpress.yaml` can extend or replace the list.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Jurisdiction {
    /// Upper-case code as authors write it (`IL`, `national`).
    pub code: String,
    pub name: String,
    /// The region id (`V`), if the jurisdiction belongs to one.
    pub region: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// `V`
    pub id: String,
    /// `Region V (Chicago)`
    pub name: String,
}

/// The code of the jurisdiction that stands for every state.
pub const NATIONAL: &str = "national";

#[derive(Debug, Clone)]
pub struct Jurisdictions {
    list: Vec<Jurisdiction>,
    regions: Vec<Region>,
}

const ACF_REGIONS: &[(&str, &str, &[&str])] = &[
    ("I", "Boston", &["CT", "ME", "MA", "NH", "RI", "VT"]),
    ("II", "New York", &["NJ", "NY", "PR", "VI"]),
    ("III", "Philadelphia", &["DE", "DC", "MD", "PA", "VA", "WV"]),
    ("IV", "Atlanta", &["AL", "FL", "GA", "KY", "MS", "NC", "SC", "TN"]),
    ("V", "Chicago", &["IL", "IN", "MI", "MN", "OH", "WI"]),
    ("VI", "Dallas", &["AR", "LA", "NM", "OK", "TX"]),
    ("VII", "Kansas City", &["IA", "KS", "MO", "NE"]),
    ("VIII", "Denver", &["CO", "MT", "ND", "SD", "UT", "WY"]),
    ("IX", "San Francisco", &["AZ", "CA", "HI", "NV", "AS", "GU", "MP"]),
    ("X", "Seattle", &["AK", "ID", "OR", "WA"]),
];

const NAMES: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("AS", "American Samoa"),
    ("GU", "Guam"),
    ("MP", "Northern Mariana Islands"),
    ("PR", "Puerto Rico"),
    ("VI", "U.S. Virgin Islands"),
];

impl Jurisdictions {
    /// The built-in list: 56 jurisdictions, `national`, and the ten ACF regions.
    pub fn builtin() -> Jurisdictions {
        let region_of = |code: &str| {
            ACF_REGIONS
                .iter()
                .find(|(_, _, codes)| codes.contains(&code))
                .map(|(id, _, _)| id.to_string())
        };
        let mut list: Vec<Jurisdiction> = NAMES
            .iter()
            .map(|(code, name)| Jurisdiction {
                code: code.to_string(),
                name: name.to_string(),
                region: region_of(code),
            })
            .collect();
        list.push(Jurisdiction {
            code: NATIONAL.into(),
            name: "National".into(),
            region: None,
        });
        let regions = ACF_REGIONS
            .iter()
            .map(|(id, office, _)| Region {
                id: id.to_string(),
                name: format!("Region {id} ({office})"),
            })
            .collect();
        Jurisdictions { list, regions }
    }

    /// A list with no entries, for sites that replace the built-in one.
    pub fn empty() -> Jurisdictions {
        Jurisdictions {
            list: Vec::new(),
            regions: Vec::new(),
        }
    }

    /// Adds a jurisdiction, replacing one with the same code.
    pub fn upsert(&mut self, j: Jurisdiction) {
        match self
            .list
            .iter_mut()
            .find(|x| x.code.eq_ignore_ascii_case(&j.code))
        {
            Some(existing) => *existing = j,
            None => self.list.push(j),
        }
    }

    /// Adds a region, replacing one with the same id.
    pub fn upsert_region(&mut self, r: Region) {
        match self.regions.iter_mut().find(|x| x.id.eq_ignore_ascii_case(&r.id)) {
            Some(existing) => *existing = r,
            None => self.regions.push(r),
        }
    }

    /// Finds a jurisdiction by code, ignoring case (`il`, `IL`, `National`).
    pub fn get(&self, code: &str) -> Option<&Jurisdiction> {
        self.list
            .iter()
            .find(|j| j.code.eq_ignore_ascii_case(code.trim()))
    }

    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id.eq_ignore_ascii_case(id.trim()))
    }

    pub fn iter(&self) -> impl Iterator<Item = &Jurisdiction> {
        self.list.iter()
    }

    pub fn regions(&self) -> impl Iterator<Item = &Region> {
        self.regions.iter()
    }

    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|j| j.code.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_has_56_jurisdictions_national_and_ten_regions() {
        let j = Jurisdictions::builtin();
        assert_eq!(j.iter().count(), 57);
        assert_eq!(j.regions().count(), 10);
        assert!(
            j.iter()
                .filter(|x| x.code != NATIONAL)
                .all(|x| x.region.is_some())
        );
    }

    #[test]
    fn regions_follow_the_acf_table() {
        let j = Jurisdictions::builtin();
        let cases = [
            ("IL", "V"),
            ("pr", "II"),
            ("DC", "III"),
            ("GU", "IX"),
            ("AK", "X"),
            ("TX", "VI"),
        ];
        for (code, region) in cases {
            assert_eq!(j.get(code).unwrap().region.as_deref(), Some(region), "{code}");
        }
        assert_eq!(j.get("National").unwrap().region, None);
        assert_eq!(j.region("v").unwrap().name, "Region V (Chicago)");
        assert!(j.get("ZZ").is_none());
    }

    #[test]
    fn upsert_replaces_by_code() {
        let mut j = Jurisdictions::empty();
        j.upsert(Jurisdiction {
            code: "ON".into(),
            name: "Ontario".into(),
            region: None,
        });
        j.upsert(Jurisdiction {
            code: "on".into(),
            name: "Ontario!".into(),
            region: None,
        });
        assert_eq!(j.iter().count(), 1);
        assert_eq!(j.get("ON").unwrap().name, "Ontario!");
    }
}
