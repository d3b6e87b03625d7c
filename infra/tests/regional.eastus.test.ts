import { regionalConfig, regionalSuite } from "./regionalSuite";

// A second region with a different partition count and no auto-inflate: both come from config.
regionalSuite(regionalConfig("eastus", { partitions: 16, autoInflate: false, capacity: 4 }));
