import { regionalConfig, regionalSuite } from "./regionalSuite";

regionalSuite(regionalConfig("westeurope"));
