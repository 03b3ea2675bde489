import { PageQueryDto } from '@api/common/http';

export class ListOrdersQuery extends PageQueryDto {}
