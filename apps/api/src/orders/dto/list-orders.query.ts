import { PageQueryDto } from '@api/common/http/page.query';

export class ListOrdersQuery extends PageQueryDto {}
