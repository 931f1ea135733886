import { connect } from "@userbridge/unified";
import { snipeIt } from "@userbridge/unified/snipe-it";
console.log(connect, snipeIt);
